import Autocomplete from '@mui/material/Autocomplete';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ApproverRule, GateDefinition, GateMode, UnitRole } from '@phaseflow/workflows/definition';
import { useGetList, useTranslate } from 'react-admin';
import type { User } from '../../types';
import { APPROVER_KINDS, DEFINITION_ROLES, GATE_MODE_CHOICES, ROLE_SCOPES } from './definition-model';
import { useDesignerIssues } from './issues';
import { DesignerNumberField, DesignerSelect, IssueMessages } from './widgets';

type ApproverKind = ApproverRule['kind'];
type Scope = (typeof ROLE_SCOPES)[number];

const ruleOfKind = (kind: ApproverKind, previous: ApproverRule): ApproverRule => {
  if (kind === previous.kind) return previous;
  if (kind === 'ROLE') return { kind: 'ROLE', role: 'approver' };
  if (kind === 'USERS') return { kind: 'USERS', userIds: [] };
  return { kind: 'LEAD' };
};

/** Who decides a stage's gate and how many of them must approve. */
export const GateEditor = ({ gate, onChange, path, testId }: { gate: GateDefinition; onChange: (gate: GateDefinition) => void; path: string; testId: string }) => {
  const translate = useTranslate();
  const issues = useDesignerIssues();
  const { data: users = [] } = useGetList<User>('users', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'name', order: 'ASC' },
  });
  const rule = gate.approvers;
  const usersPath = `${path}.approvers.userIds`;
  const userIssues = issues.at(usersPath);

  return (
    <Stack spacing={1.5} data-testid={`${testId}-gate`}>
      <Typography variant="subtitle2">{translate('pf.designer.gate.title')}</Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
        <DesignerSelect<GateMode>
          anchor={`${path}.mode`}
          testId={`${testId}-gate-mode`}
          label={translate('pf.designer.gate.mode')}
          value={gate.mode}
          onChange={(mode) => {
            const next: GateDefinition = { ...gate, mode };
            if (mode === 'QUORUM') next.quorum = gate.quorum ?? 2;
            else delete next.quorum;
            onChange(next);
          }}
          choices={GATE_MODE_CHOICES.map((mode) => ({ value: mode, label: translate(`pf.gateMode.${mode}`) }))}
        />
        {gate.mode === 'QUORUM' && (
          <DesignerNumberField
            anchor={`${path}.quorum`}
            testId={`${testId}-gate-quorum`}
            label={translate('pf.designer.gate.quorum')}
            value={gate.quorum}
            onChange={(quorum) => onChange({ ...gate, quorum })}
            integer
            sx={{ maxWidth: { md: 160 } }}
          />
        )}
        <DesignerSelect<ApproverKind>
          anchor={`${path}.approvers.kind`}
          testId={`${testId}-approver-kind`}
          label={translate('pf.designer.gate.approvers')}
          value={rule.kind}
          onChange={(kind) => onChange({ ...gate, approvers: ruleOfKind(kind, rule) })}
          choices={APPROVER_KINDS.map((kind) => ({ value: kind, label: translate(`pf.designer.gate.kinds.${kind}`) }))}
        />
        {rule.kind === 'ROLE' && (
          <>
            <DesignerSelect<UnitRole>
              anchor={`${path}.approvers.role`}
              testId={`${testId}-approver-role`}
              label={translate('pf.designer.gate.role')}
              value={rule.role}
              onChange={(role) => onChange({ ...gate, approvers: { ...rule, role } })}
              choices={DEFINITION_ROLES.map((role) => ({ value: role, label: translate(`pf.unitRole.${role.toUpperCase()}`) }))}
            />
            <DesignerSelect<Scope>
              anchor={`${path}.approvers.scope`}
              testId={`${testId}-approver-scope`}
              label={translate('pf.designer.gate.scope')}
              value={rule.scope ?? 'UNIT'}
              onChange={(scope) => onChange({ ...gate, approvers: { ...rule, scope } })}
              choices={ROLE_SCOPES.map((scope) => ({ value: scope, label: translate(`pf.designer.gate.scopes.${scope}`) }))}
            />
          </>
        )}
      </Stack>
      {rule.kind === 'USERS' && (
        <Autocomplete
          multiple
          size="small"
          options={users}
          getOptionLabel={(user) => `${user.name} <${user.email}>`}
          isOptionEqualToValue={(option, value) => option.id === value.id}
          value={rule.userIds.map((id) => users.find((user) => user.id === id) ?? { id, name: id, email: '', roles: [] })}
          onChange={(_, chosen) => {
            issues.edited(usersPath);
            onChange({ ...gate, approvers: { kind: 'USERS', userIds: chosen.map((user) => user.id) } });
          }}
          renderInput={(params) => (
            <TextField
              {...params}
              label={translate('pf.designer.gate.users')}
              error={userIssues.length > 0}
              helperText={userIssues.join('; ') || translate('pf.designer.gate.users_help')}
              slotProps={{
                ...params.slotProps,
                htmlInput: { ...params.slotProps.htmlInput, 'data-testid': `${testId}-approver-users` },
              }}
            />
          )}
        />
      )}
      {rule.kind === 'LEAD' && (
        <Typography variant="body2" color="text.secondary">
          {translate('pf.designer.gate.lead_help')}
        </Typography>
      )}
      <IssueMessages anchor={`${path}.approvers`} />
      <IssueMessages anchor={path} />
    </Stack>
  );
};
