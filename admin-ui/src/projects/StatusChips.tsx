import Chip from '@mui/material/Chip';
import { useTranslate } from 'react-admin';
import { formatDate } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type {
  Designation,
  DesignationStatus,
  GateDecisionKind,
  ProjectFlag,
  ProjectStatus,
  StageStatus,
  SubmissionStatus,
} from '../types';

type ChipColor = 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info';

const PROJECT_STATUS_COLOR: Record<ProjectStatus, ChipColor> = {
  ACTIVE: 'primary',
  COMPLETED: 'success',
  CANCELLED: 'default',
};

export const STAGE_STATUS_COLOR: Record<StageStatus, ChipColor> = {
  PENDING: 'default',
  OPEN: 'info',
  SUBMITTED: 'warning',
  APPROVED: 'success',
  REJECTED: 'error',
  RETURNED: 'secondary',
  SKIPPED: 'default',
  CANCELLED: 'default',
};

const DECISION_COLOR: Record<GateDecisionKind, ChipColor> = {
  APPROVE: 'success',
  REJECT: 'error',
  RETURN: 'secondary',
};

export const ProjectStatusChip = ({ status }: { status: ProjectStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={PROJECT_STATUS_COLOR[status] ?? 'default'}
      label={translate(`pf.projectStatus.${status}`, { _: status })}
    />
  );
};

/** A stage by name, coloured by its status; an overdue stage is marked red. */
export const StageChip = ({ name, status, overdue }: { name?: string; status: StageStatus; overdue?: boolean }) => {
  const translate = useTranslate();
  const statusLabel = translate(`pf.stageStatus.${status}`, { _: status });
  const label = [name, statusLabel, overdue ? translate('pf.project.overdue') : undefined].filter(Boolean).join(' · ');
  return (
    <Chip
      size="small"
      variant={status === 'PENDING' ? 'outlined' : 'filled'}
      color={overdue ? 'error' : (STAGE_STATUS_COLOR[status] ?? 'default')}
      label={label}
      data-testid="stage-chip"
      data-status={status}
    />
  );
};

export const DecisionChip = ({ decision }: { decision: GateDecisionKind }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={DECISION_COLOR[decision] ?? 'default'}
      label={translate(`pf.decisionKind.${decision}`, { _: decision })}
    />
  );
};

export const SubmissionStatusChip = ({ status }: { status: SubmissionStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant={status === 'DRAFT' ? 'outlined' : 'filled'}
      color={status === 'DRAFT' ? 'default' : 'primary'}
      label={translate(`pf.submissionStatus.${status}`, { _: status })}
    />
  );
};

/** A project's WARNING (amber) or OVERDUE (red) flag. */
export const FlagChip = ({ flag }: { flag: ProjectFlag }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={flag === 'OVERDUE' ? 'error' : 'warning'}
      label={translate(`pf.flag.${flag}`, { _: flag })}
      data-testid="project-flag"
      data-flag={flag}
    />
  );
};

const DESIGNATION_COLOR: Record<DesignationStatus, ChipColor> = {
  DESIGNATED: 'success',
  UNDER_REVIEW: 'info',
  RECTIFYING: 'warning',
  EXPIRED: 'error',
};

/** A designation's status, with the date it is valid until when there is one. */
export const DesignationChip = ({ designation }: { designation: Designation }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const status = translate(`pf.designationStatus.${designation.status}`, { _: designation.status });
  const label = designation.validUntil
    ? translate('pf.designation.valid_until', { status, date: formatDate(designation.validUntil, locale) })
    : status;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={DESIGNATION_COLOR[designation.status] ?? 'default'}
      label={label}
      data-testid="project-designation"
      data-status={designation.status}
    />
  );
};
