import ExpandLess from '@mui/icons-material/ExpandLess';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Box from '@mui/material/Box';
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
import { JsonBlock } from '../common/JsonBlock';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { Project } from '../types';

/** A gate decision's target stage (a return) and comment, as its audit row's details carry them. */
const DecisionDetails = ({ details, stageName }: { details: unknown; stageName: Map<string, string> }) => {
  if (typeof details !== 'object' || details === null) return null;
  const { returnToStageKey, comment } = details as { returnToStageKey?: unknown; comment?: unknown };
  const parts = [
    typeof returnToStageKey === 'string' ? `→ ${stageName.get(returnToStageKey) ?? returnToStageKey}` : null,
    typeof comment === 'string' && comment !== '' ? `“${comment}”` : null,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }} data-testid="audit-decision-details">
      {parts.join(' · ')}
    </Typography>
  );
};

/** The append-only record of everything done to the project, oldest first. */
export const AuditTrail = ({ project }: { project: Project }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const [open, setOpen] = useState<string | null>(null);
  const events = project.auditTrail ?? [];
  const stageName = new Map((project.stages ?? []).map((stage) => [stage.key, stage.name]));

  if (events.length === 0) {
    return <Typography color="text.secondary">{translate('pf.audit.empty')}</Typography>;
  }
  return (
    <Table size="small" data-testid="audit-trail">
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" />
          <TableCell>{translate('pf.audit.time')}</TableCell>
          <TableCell>{translate('pf.audit.actor')}</TableCell>
          <TableCell>{translate('pf.audit.action')}</TableCell>
          <TableCell>{translate('pf.audit.stage')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.map((event) => {
          const expanded = open === event.id;
          const hasChanges = event.before != null || event.after != null;
          return (
            <Fragment key={event.id}>
              <TableRow hover>
                <TableCell padding="checkbox">
                  {hasChanges && (
                    <IconButton
                      size="small"
                      aria-expanded={expanded}
                      aria-label={translate('pf.audit.changes')}
                      onClick={() => setOpen(expanded ? null : event.id)}
                    >
                      {expanded ? <ExpandLess /> : <ExpandMore />}
                    </IconButton>
                  )}
                </TableCell>
                <TableCell>{formatDateTime(event.at, locale)}</TableCell>
                <TableCell>{event.actor?.name ?? translate('pf.audit.system')}</TableCell>
                <TableCell>
                  {translate(`pf.auditAction.${event.action}`, { _: event.action })}
                  <DecisionDetails details={event.details} stageName={stageName} />
                </TableCell>
                <TableCell>{event.stageKey ? (stageName.get(event.stageKey) ?? event.stageKey) : ''}</TableCell>
              </TableRow>
              {hasChanges && (
                <TableRow>
                  <TableCell colSpan={5} sx={{ py: 0, borderBottom: expanded ? undefined : 'none' }}>
                    <Collapse in={expanded} unmountOnExit>
                      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, py: 1 }}>
                        <Box>
                          <Typography variant="caption">{translate('pf.audit.before')}</Typography>
                          <JsonBlock value={event.before} />
                        </Box>
                        <Box>
                          <Typography variant="caption">{translate('pf.audit.after')}</Typography>
                          <JsonBlock value={event.after} />
                        </Box>
                      </Box>
                    </Collapse>
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
};
