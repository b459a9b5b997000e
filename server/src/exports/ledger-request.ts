import type { Locale } from '@phaseflow/forms';
import { GraphQLError } from 'graphql';
import { localeFrom, text, type Text } from '../errors';
import { checkProjectFilter, PROJECT_ORDER_FIELDS, type ProjectFilter, type ProjectOrder, type ProjectOrderField } from '../projects/project-query';

/** What a ledger export was asked for: the `projects` query's filter and order, and a language. */
export interface LedgerRequest {
  filter: ProjectFilter;
  order: ProjectOrder;
  locale: Locale;
}

export interface LedgerFieldError {
  path: string;
  code: string;
  message: Text;
}

const ENUMS: Record<string, readonly string[]> = {
  status: ['ACTIVE', 'COMPLETED', 'CANCELLED'],
  unitScope: ['SUBTREE', 'EXACT'],
  flag: ['WARNING', 'OVERDUE'],
  designation: ['DESIGNATED', 'UNDER_REVIEW', 'RECTIFYING', 'EXPIRED'],
  orderBy: PROJECT_ORDER_FIELDS,
  direction: ['ASC', 'DESC'],
  lang: ['zh', 'en'],
};
const TEXTS = ['typeKey', 'stageKey', 'unitId', 'leadId', 'search', 'designationValidBefore', 'dueAfter', 'dueBefore'] as const;
const KNOWN = new Set([...Object.keys(ENUMS), ...TEXTS]);

/**
 * Reads an export's query string (`?status=ACTIVE&unitId=…&orderBy=CODE&direction=ASC&lang=en`):
 * the same filter as the GraphQL `projects` query, each parameter once. Every problem is named by its
 * parameter; an unknown parameter is one (a misspelt filter would otherwise export everything).
 */
export function parseLedgerRequest(query: Record<string, unknown>, acceptLanguage: string | undefined): { request: LedgerRequest } | { errors: LedgerFieldError[]; locale: Locale } {
  const errors: LedgerFieldError[] = [];
  const values: Record<string, string> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (!KNOWN.has(key)) {
      errors.push({ path: key, code: 'unknown_parameter', message: text('不是导出接口的参数', 'is not a parameter of the export') });
      continue;
    }
    if (typeof raw !== 'string') {
      errors.push({ path: key, code: 'invalid', message: text('只能给一次，且为一个值', 'must be given once, as one value') });
      continue;
    }
    if (raw === '') continue;
    const allowed = ENUMS[key];
    const value = allowed && key !== 'lang' ? raw.toUpperCase() : raw;
    if (allowed && !allowed.includes(value)) {
      errors.push({ path: key, code: 'invalid_value', message: text(`须为 ${allowed.join('、')} 之一`, `must be one of ${allowed.join(', ')}`) });
      continue;
    }
    values[key] = value;
  }
  const locale: Locale = values.lang === 'en' || values.lang === 'zh' ? values.lang : localeFrom(acceptLanguage);
  const instant = (key: 'designationValidBefore' | 'dueAfter' | 'dueBefore'): Date | null => {
    if (!values[key]) return null;
    const at = new Date(values[key]);
    if (!Number.isNaN(at.getTime())) return at;
    errors.push({ path: key, code: 'invalid_date', message: text('不是有效的日期时间（ISO 8601）', 'is not a valid ISO 8601 date-time') });
    return null;
  };
  const designationValidBefore = instant('designationValidBefore');
  const dueAfter = instant('dueAfter');
  const dueBefore = instant('dueBefore');
  const filter: ProjectFilter = {
    typeKey: values.typeKey ?? null,
    stageKey: values.stageKey ?? null,
    status: values.status ?? null,
    unitId: values.unitId ?? null,
    unitScope: (values.unitScope as ProjectFilter['unitScope']) ?? null,
    leadId: values.leadId ?? null,
    search: values.search ?? null,
    flag: values.flag ?? null,
    designation: values.designation ?? null,
    designationValidBefore,
    dueAfter,
    dueBefore,
  };
  try {
    checkProjectFilter(filter);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    for (const fieldError of (error.extensions.fieldErrors ?? []) as { path: string; code: string; i18n: Text }[]) {
      errors.push({ path: fieldError.path.replace(/^filter\./, ''), code: fieldError.code, message: fieldError.i18n });
    }
  }
  if (errors.length > 0) return { errors, locale };
  const order: ProjectOrder = {
    field: (values.orderBy as ProjectOrderField | undefined) ?? 'CREATED_AT',
    direction: (values.direction as 'ASC' | 'DESC' | undefined) ?? (values.orderBy ? 'ASC' : 'DESC'),
  };
  return { request: { filter, order, locale } };
}
