import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { Submission } from '../types';

const show = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** What changed in a submission against the previous submitted revision: path, before → after. */
export const SubmissionDiff = ({ submission }: { submission: Submission }) => {
  const translate = useTranslate();
  const changes = submission.diff;
  if (!changes) return null;
  return (
    <Box data-testid="submission-diff" data-revision={submission.revision} sx={{ py: 1 }}>
      <Typography variant="subtitle2" gutterBottom>
        {translate('pf.diff.title', { revision: submission.revision, previous: submission.previousRevision ?? '?' })}
      </Typography>
      {changes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('pf.diff.none')}
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('pf.diff.path')}</TableCell>
              <TableCell>{translate('pf.diff.before')}</TableCell>
              <TableCell />
              <TableCell>{translate('pf.diff.after')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {changes.map((change) => (
              <TableRow key={change.path} data-testid="submission-diff-row" data-path={change.path}>
                <TableCell sx={{ fontFamily: 'monospace' }}>{change.path}</TableCell>
                <TableCell sx={{ whiteSpace: 'pre-wrap', color: 'error.main', textDecoration: 'line-through' }}>
                  {show(change.before)}
                </TableCell>
                <TableCell>→</TableCell>
                <TableCell sx={{ whiteSpace: 'pre-wrap', color: 'success.main' }}>{show(change.after)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};
