import DownloadIcon from '@mui/icons-material/Download';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import { useListContext, useNotify, useTranslate } from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import { saveBlob } from '../providers/attachments';
import { getToken } from '../providers/token-store';
import { csvRecordCounter, fileNameOf, ledgerExportUrl, type LedgerFormat, type LedgerProgress } from './ledger-export';

const megabytes = (bytes: number, locale: string) => (bytes / 1_048_576).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/**
 * Exports the ledger (台账) with the list's current filters and sort, in the console's language:
 * XLSX (every sheet) or CSV (the projects). Shows what has arrived, against the number of projects
 * when the server says it, and can be cancelled.
 */
export const ExportLedgerButton = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useUiLocale();
  const { filterValues, sort } = useListContext();
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const [progress, setProgress] = useState<(LedgerProgress & { format: LedgerFormat }) | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = async (format: LedgerFormat) => {
    setMenu(null);
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ format, bytes: 0, rows: format === 'csv' ? 0 : null, total: null });
    try {
      const token = getToken();
      const response = await fetch(ledgerExportUrl(format, filterValues ?? {}, sort, locale), {
        headers: { 'Accept-Language': locale, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        notify(body?.error?.message ?? 'pf.ledger.failed', { type: 'error' });
        return;
      }
      const totalHeader = response.headers.get('x-total-count');
      const total = totalHeader === null ? null : Number(totalHeader);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const countRecords = csvRecordCounter();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let records = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        if (format === 'csv') records += countRecords(decoder.decode(value, { stream: true }));
        // The CSV's first record is its headings.
        setProgress({ format, bytes, rows: format === 'csv' ? Math.max(0, records - 1) : null, total });
      }
      const name = fileNameOf(response.headers.get('content-disposition'), `ledger.${format}`);
      saveBlob(new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'application/octet-stream' }), name);
      notify('pf.ledger.done', { type: 'success', messageArgs: { name } });
    } catch (error) {
      if (abort.signal.aborted) notify('pf.ledger.cancelled', { type: 'info' });
      else notify((error as Error).message || 'pf.ledger.failed', { type: 'error' });
    } finally {
      controller.current = null;
      setProgress(null);
    }
  };

  const fraction = progress?.rows != null && progress.total ? Math.min(100, (progress.rows / progress.total) * 100) : null;
  return (
    <>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        onClick={(event) => setMenu(event.currentTarget)}
        disabled={progress !== null}
        data-testid="export-ledger"
      >
        {translate('pf.ledger.button')}
      </Button>
      <Menu anchorEl={menu} open={menu !== null} onClose={() => setMenu(null)}>
        <MenuItem onClick={() => void run('xlsx')} data-testid="export-ledger-xlsx">
          {translate('pf.ledger.xlsx')}
        </MenuItem>
        <MenuItem onClick={() => void run('csv')} data-testid="export-ledger-csv">
          {translate('pf.ledger.csv')}
        </MenuItem>
      </Menu>
      <Dialog open={progress !== null} fullWidth maxWidth="xs" data-testid="export-ledger-dialog">
        <DialogTitle>{translate('pf.ledger.title')}</DialogTitle>
        <DialogContent>
          <LinearProgress variant={fraction === null ? 'indeterminate' : 'determinate'} value={fraction ?? undefined} aria-label={translate('pf.ledger.title')} />
          <Box sx={{ mt: 1.5 }}>
            <Typography variant="body2" data-testid="export-ledger-progress">
              {progress &&
                [
                  translate('pf.ledger.received', { size: megabytes(progress.bytes, locale) }),
                  progress.rows !== null
                    ? translate(progress.total !== null ? 'pf.ledger.rows_of' : 'pf.ledger.rows', { rows: progress.rows.toLocaleString(locale), total: (progress.total ?? 0).toLocaleString(locale) })
                    : progress.total !== null
                      ? translate('pf.ledger.projects', { total: progress.total.toLocaleString(locale) })
                      : null,
                ]
                  .filter(Boolean)
                  .join(translate('pf.ledger.separator'))}
            </Typography>
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => controller.current?.abort()} data-testid="export-ledger-cancel">
            {translate('ra.action.cancel')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
