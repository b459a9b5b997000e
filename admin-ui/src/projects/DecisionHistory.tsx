import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { Project } from '../types';
import { DecisionChip } from './StatusChips';

export const DecisionHistory = ({ project }: { project: Project }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const decisions = project.decisions ?? [];
  const stageName = new Map((project.stages ?? []).map((stage) => [stage.key, stage.name]));

  if (decisions.length === 0) {
    return <Typography color="text.secondary">{translate('pf.decisions.empty')}</Typography>;
  }
  return (
    <Table size="small" data-testid="decision-history">
      <TableHead>
        <TableRow>
          <TableCell>{translate('pf.decisions.time')}</TableCell>
          <TableCell>{translate('pf.decisions.stage')}</TableCell>
          <TableCell>{translate('pf.decisions.decision')}</TableCell>
          <TableCell>{translate('pf.decisions.decided_by')}</TableCell>
          <TableCell>{translate('pf.decisions.comment')}</TableCell>
          <TableCell>{translate('pf.decisions.return_to')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {decisions.map((decision) => (
          <TableRow key={decision.id}>
            <TableCell>{formatDateTime(decision.createdAt, locale)}</TableCell>
            <TableCell>{stageName.get(decision.stageKey) ?? decision.stageKey}</TableCell>
            <TableCell>
              <DecisionChip decision={decision.decision} />
            </TableCell>
            <TableCell>{decision.decidedBy?.name}</TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{decision.comment ?? ''}</TableCell>
            <TableCell>
              {decision.returnToStageKey ? (stageName.get(decision.returnToStageKey) ?? decision.returnToStageKey) : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
