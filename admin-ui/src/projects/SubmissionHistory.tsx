import ExpandLess from '@mui/icons-material/ExpandLess';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment, useState } from 'react';
import { useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import { FormDataView } from '../forms/FormDataView';
import type { Project } from '../types';
import { SubmissionStatusChip } from './StatusChips';
import { SubmissionDiff } from './SubmissionDiff';

/** Every revision of every stage form, newest first; each row opens to its data. */
export const SubmissionHistory = ({ project }: { project: Project }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const [open, setOpen] = useState<string | null>(null);
  const submissions = project.submissions ?? [];
  const stages = new Map((project.stages ?? []).map((stage) => [stage.key, stage]));

  if (submissions.length === 0) {
    return <Typography color="text.secondary">{translate('pf.submissions.empty')}</Typography>;
  }
  return (
    <Table size="small" data-testid="submission-history">
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" />
          <TableCell>{translate('pf.submissions.stage')}</TableCell>
          <TableCell>{translate('pf.submissions.revision')}</TableCell>
          <TableCell>{translate('pf.submissions.status')}</TableCell>
          <TableCell>{translate('pf.submissions.author')}</TableCell>
          <TableCell>{translate('pf.submissions.time')}</TableCell>
          <TableCell>{translate('pf.submissions.changes')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {submissions.map((submission) => {
          const expanded = open === submission.id;
          const stage = stages.get(submission.stageKey);
          return (
            <Fragment key={submission.id}>
              <TableRow hover>
                <TableCell padding="checkbox">
                  <IconButton
                    size="small"
                    aria-expanded={expanded}
                    aria-label={translate(expanded ? 'pf.submissions.hide_data' : 'pf.submissions.show_data')}
                    onClick={() => setOpen(expanded ? null : submission.id)}
                  >
                    {expanded ? <ExpandLess /> : <ExpandMore />}
                  </IconButton>
                </TableCell>
                <TableCell>{stage?.name ?? submission.stageKey}</TableCell>
                <TableCell>{submission.revision}</TableCell>
                <TableCell>
                  <SubmissionStatusChip status={submission.status} />
                </TableCell>
                <TableCell>{submission.author?.name}</TableCell>
                <TableCell>{formatDateTime(submission.createdAt, locale)}</TableCell>
                <TableCell data-testid="submission-change-count">
                  {submission.diff
                    ? translate('pf.submissions.change_count', {
                        count: submission.diff.length,
                        previous: submission.previousRevision ?? '?',
                      })
                    : ''}
                </TableCell>
              </TableRow>
              <TableRow>
                <TableCell colSpan={7} sx={{ py: 0, borderBottom: expanded ? undefined : 'none' }}>
                  <Collapse in={expanded} unmountOnExit>
                    <SubmissionDiff submission={submission} />
                    <FormDataView
                      form={stage?.definition?.form?.definition}
                      data={submission.data ?? {}}
                      locale={locale}
                    />
                  </Collapse>
                </TableCell>
              </TableRow>
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
};
