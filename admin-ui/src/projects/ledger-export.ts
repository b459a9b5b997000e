import { PROJECT_FILTER_KEYS, PROJECT_ORDER_FIELDS } from '../providers/data-provider';

export type LedgerFormat = 'xlsx' | 'csv';

/** `/exports/projects.xlsx?…`: the list's filters and sort as the export endpoint's query parameters. */
export const ledgerExportUrl = (
  format: LedgerFormat,
  filter: Record<string, unknown>,
  sort: { field: string; order: string } | undefined,
  lang: 'zh' | 'en',
  endpoint = '/exports',
): string => {
  const params = new URLSearchParams();
  for (const key of PROJECT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  if (!params.has('search') && typeof filter.q === 'string' && filter.q !== '') params.set('search', filter.q);
  const orderBy = sort ? PROJECT_ORDER_FIELDS[sort.field] : undefined;
  if (orderBy) {
    params.set('orderBy', orderBy);
    params.set('direction', sort?.order === 'ASC' ? 'ASC' : 'DESC');
  }
  params.set('lang', lang);
  return `${endpoint}/projects.${format}?${params.toString()}`;
};

/** Records in CSV text, counting line breaks outside quotes; carries the quote state across chunks. */
export const csvRecordCounter = () => {
  let quoted = false;
  return (chunk: string): number => {
    let records = 0;
    for (const char of chunk) {
      if (char === '"') quoted = !quoted;
      else if (char === '\n' && !quoted) records += 1;
    }
    return records;
  };
};

/** The file name of a Content-Disposition header: its RFC 5987 `filename*` first, then `filename`. */
export const fileNameOf = (disposition: string | null, fallback: string): string => {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
};

export interface LedgerProgress {
  bytes: number;
  /** CSV only: project rows received so far. */
  rows: number | null;
  /** Projects the export holds (X-Total-Count), when the server said. */
  total: number | null;
}
