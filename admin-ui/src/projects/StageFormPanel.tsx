import type { FormDefinition } from '@phaseflow/forms';
import { validateFormData } from '@phaseflow/forms';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useMemo, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { formatDateTime, newRequestId } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import { StageFormRenderer } from '../forms/StageFormRenderer';
import {
  errorsByField,
  initialInputValues,
  toFormData,
  errorStillApplies,
  type FieldErrorLike,
  type InputValues,
} from '../forms/form-values';
import { UploadScopeContext } from '../forms/upload-context';
import type { Project, ProjectStage } from '../types';
import { sentBackBy } from './return-reason';
import { useProjectCommand } from './useProjectCommand';

const EMPTY_FORM: FormDefinition = { fields: [] };

/**
 * The current stage's form, prefilled from its latest submission. Validated here first with the
 * same rules as the server; the server's field errors land on the same fields.
 */
export const StageFormPanel = ({ project, stage }: { project: Project; stage: ProjectStage }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useUiLocale();
  const { run, pending } = useProjectCommand();
  const form = stage.definition?.form?.definition ?? EMPTY_FORM;
  const canSubmit = Boolean(project.viewerCan?.submit);
  const [values, setValues] = useState<InputValues>(() =>
    initialInputValues(form, stage.latestSubmission?.data),
  );
  const [errors, setErrors] = useState<FieldErrorLike[]>([]);
  const { byPath, unplaced } = errorsByField(form, errors);
  const sentBack = sentBackBy(stage, project.decisions ?? []);
  const uploadScope = useMemo(() => ({ projectId: project.id, stageKey: stage.key }), [project.id, stage.key]);

  const send = async (submit: boolean) => {
    const data = toFormData(form, values);
    const checked = validateFormData(form, data, { mode: submit ? 'submit' : 'draft', locale });
    if (!checked.ok) {
      setErrors(checked.errors);
      notify('pf.form.invalid', { type: 'warning' });
      return;
    }
    setErrors([]);
    const outcome = await run(
      'submitStageForm',
      { projectId: project.id, stageKey: stage.key, data: checked.value, submit, requestId: newRequestId() },
      submit ? 'pf.form.submitted' : 'pf.form.saved',
    );
    if (!outcome.ok) {
      const body = (outcome.error as { body?: { fieldErrors?: FieldErrorLike[] } }).body;
      setErrors(body?.fieldErrors ?? []);
    }
  };

  return (
    <Stack spacing={2} component="form" noValidate onSubmit={(event) => event.preventDefault()} data-testid="stage-form">
      {sentBack && (
        <Alert severity={sentBack.decision === 'REJECT' ? 'error' : 'warning'} data-testid="sent-back-reason" data-decision={sentBack.decision}>
          <AlertTitle>
            {translate(sentBack.decision === 'REJECT' ? 'pf.gate.rejected_by' : 'pf.gate.returned_by', {
              name: sentBack.decidedBy.name,
              time: formatDateTime(sentBack.createdAt, locale),
            })}
          </AlertTitle>
          <span style={{ whiteSpace: 'pre-wrap' }}>{sentBack.comment || translate('pf.gate.no_comment')}</span>
        </Alert>
      )}
      {!canSubmit && stage.status === 'SUBMITTED' && <Alert severity="info">{translate('pf.form.awaiting_review')}</Alert>}
      {!canSubmit && stage.status !== 'SUBMITTED' && <Alert severity="info">{translate('pf.form.read_only')}</Alert>}
      {unplaced.length > 0 && (
        <Alert severity="error">
          {unplaced.map((error) => (
            <div key={`${error.path}:${error.message}`}>
              {error.path ? `${error.path}: ` : ''}
              {error.message}
            </div>
          ))}
        </Alert>
      )}
      <UploadScopeContext value={uploadScope}>
        <StageFormRenderer
          form={form}
          values={values}
          onChange={(key, value) => {
            const before = values[key];
            setValues((current) => ({ ...current, [key]: value }));
            setErrors((current) => current.filter((error) => errorStillApplies(error.path, key, before, value)));
          }}
          errors={byPath}
          disabled={!canSubmit || pending}
          locale={locale}
        />
      </UploadScopeContext>
      {canSubmit && (
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" disabled={pending} onClick={() => send(false)} data-testid="save-draft-button">
            {translate('pf.form.save_draft')}
          </Button>
          <Button variant="contained" disabled={pending} onClick={() => send(true)} data-testid="submit-form-button">
            {translate('pf.form.submit')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
};
