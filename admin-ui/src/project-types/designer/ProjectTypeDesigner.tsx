/*
 * The no-code project type designer. Test ids, for browser tests (every index is a 0-based position;
 * `<p>` names a field by position: `<stage>-<field>` for a stage's field, `<stage>-<field>-<column>`
 * for a table column). A new stage starts with one text field (`field-<i>-0`, key `field1`), so that
 * it can be published as is; a new field is a text field (`field<n>`), a new column `column<n>`.
 *
 * Page:      designer (data-mode="create|edit", data-dirty, data-issues), designer-save-state,
 *            designer-issue-count (click: scroll to the first issue), designer-issues (problems no
 *            widget shows), designer-key, designer-name-zh, designer-name-en, designer-description-zh,
 *            designer-description-en, add-stage, save-draft, publish, discard-draft, confirm-discard
 * Stage i:   stage-<i> (data-stage-key), stage-<i>-key, stage-<i>-name-zh, stage-<i>-name-en,
 *            stage-<i>-deadline-days, stage-<i>-warning-days, stage-<i>-optional (checkbox),
 *            stage-<i>-skip-when… (a condition, below), stage-<i>-move-up, stage-<i>-move-down,
 *            stage-<i>-remove, stage-<i>-gate-mode, stage-<i>-gate-quorum, stage-<i>-approver-kind,
 *            stage-<i>-approver-role, stage-<i>-approver-scope, stage-<i>-approver-users (autocomplete
 *            input), stage-<i>-add-field
 * Field p:   field-<p> (data-field-key), field-<p>-key, field-<p>-type (native select: selectOption),
 *            field-<p>-label-zh, field-<p>-label-en, field-<p>-required (checkbox), field-<p>-move-up,
 *            field-<p>-move-down, field-<p>-remove, field-<p>-add-column, field-<p>-min-rows,
 *            field-<p>-max-rows, field-<p>-add-option, field-<p>-option-<k>-value,
 *            field-<p>-option-<k>-label-zh/-en, field-<p>-option-<k>-remove, field-<p>-max-score,
 *            field-<p>-weight, field-<p>-accept, field-<p>-max-size (MB), field-<p>-max-files;
 *            behind field-<p>-more: field-<p>-help-zh/-en, field-<p>-placeholder-zh/-en,
 *            field-<p>-default-input, field-<p>-min, field-<p>-max, field-<p>-min-length,
 *            field-<p>-max-length, field-<p>-pattern, field-<p>-min-date, field-<p>-max-date,
 *            field-<p>-compute, field-<p>-visible-when… (a condition)
 * Condition: <c> = stage-<i>-skip-when or field-<p>-visible-when: <c>-add, <c>-kind (leaf|all|any|not),
 *            <c>-field, <c>-op, <c>-value, <c>-remove, <c>-add-child; the children of a group are <c>-<n>
 * Preview:   designer-preview, preview-stage, preview-check, preview-reset, preview-skipped, and the
 *            filling ids below
 * Publish:   publish-dialog, publish-changes, publish-change-<n> (data-kind), confirm-publish, cancel-publish
 * Issues:    every inline issue carries data-issue-path="<definition path>"
 * Elsewhere: create-project-type, import-project-type, import-json, import-file, confirm-import,
 *            import-problems, unpublished-drafts, draft-<key>-edit, edit-project-type,
 *            export-project-type, archive-project-type, confirm-archive, project-type-status
 *            (data-status, data-draft), project-type-versions, not-allowed (no designTypes permission)
 * Filling:   form-field-<key> (outer element), form-input-<key> (the input), form-score-total,
 *            table-<key> (data-rows), table-<key>-add-row, table-<key>-row-<i>,
 *            table-<key>-row-<i>-<column> (the cell's input), table-<key>-row-<i>-<column>-cell,
 *            table-<key>-row-<i>-remove, table-<key>-row-<i>-error, table-<key>-error,
 *            attachment-<path> (the field), attachment-<path>-input (file input: setInputFiles),
 *            attachment-<path>-file-<n>, attachment-<path>-remove-<n>, attachment-<path>-progress,
 *            save-draft-button, submit-form-button
 */
import { labelOf } from '@phaseflow/forms';
import { validateFormDefinition } from '@phaseflow/forms';
import { validateDefinition, type ProjectTypeDefinition } from '@phaseflow/workflows/definition';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Add from '@mui/icons-material/Add';
import Publish from '@mui/icons-material/Publish';
import Save from '@mui/icons-material/Save';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Title, useDataProvider, useLocale, useNavigate, useNotify, useTranslate } from 'react-admin';
import { ConfirmDialog } from '../../common/ConfirmDialog';
import type { PhaseflowDataProvider } from '../../providers/data-provider';
import type { DefinitionIssue, ProjectType, ProjectTypeDraft, ProjectTypeStatus } from '../../types';
import {
  cleanDefinition,
  move,
  newStage,
  normalizeDefinition,
  removeAt,
  replaceAt,
} from './definition-model';
import { DesignerPreview } from './DesignerPreview';
import { DesignerIssuesContext, anchorsOf, namedPath, placeIssues, type DesignerIssues } from './issues';
import { PublishDialog } from './PublishDialog';
import { StageEditor } from './StageEditor';
import { DesignerTextField, IssueMessages, LocalizedTextFields } from './widgets';

const TYPE_KEY_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** What the designer opens with. */
export interface DesignerStart {
  definition: unknown;
  /** The issues the server last reported for this draft. */
  issues: DefinitionIssue[];
  /** Whether a draft is saved on the server (only then can it be published). */
  draftSaved: boolean;
  basedOnVersion: number | null;
  status?: ProjectTypeStatus;
}

/** Local checks, as the server makes them: the definition rules, and (should those fail to run) each stage form's. */
const localIssuesOf = (definition: ProjectTypeDefinition, locale: 'zh' | 'en'): DefinitionIssue[] => {
  const cleaned = cleanDefinition(definition);
  try {
    return validateDefinition(cleaned).map((issue) => ({ path: issue.path, message: issue.i18n[locale] }));
  } catch {
    return cleaned.stages.flatMap((stage, index) => {
      const checked = validateFormDefinition(stage.form);
      return checked.ok
        ? []
        : checked.issues.map((issue) => ({
            path: issue.path ? `stages[${index}].form.${issue.path}` : `stages[${index}].form`,
            message: issue.i18n[locale],
          }));
    });
  }
};

const snapshotOf = (definition: ProjectTypeDefinition) => JSON.stringify(cleanDefinition(definition));

export const ProjectTypeDesigner = ({ mode, start }: { mode: 'create' | 'edit'; start: DesignerStart }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [definition, setDefinition] = useState<ProjectTypeDefinition>(() => normalizeDefinition(start.definition));
  // what "unchanged" means: the saved draft, or what the designer opened with until there is one
  const [savedSnapshot, setSavedSnapshot] = useState<string>(() => snapshotOf(normalizeDefinition(start.definition)));
  const [draftSaved, setDraftSaved] = useState(start.draftSaved);
  const [serverIssues, setServerIssues] = useState<DefinitionIssue[]>(start.issues);
  const [editedSinceSave, setEditedSinceSave] = useState<ReadonlySet<string>>(new Set());
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAllLocal, setShowAllLocal] = useState(start.issues.length > 0);
  const [takenKey, setTakenKey] = useState<string | null>(null);
  const [selectedStage, setSelectedStage] = useState(0);
  const [saving, setSaving] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);

  const dirty = snapshotOf(definition) !== savedSnapshot;
  const needsSave = dirty || !draftSaved;
  const checkedDefinition = useDeferredValue(definition);
  const issueLocale = useLocale() === 'en' ? 'en' : 'zh';
  const localIssues = useMemo(() => localIssuesOf(checkedDefinition, issueLocale), [checkedDefinition, issueLocale]);
  const anchors = useMemo(() => anchorsOf(definition), [definition]);

  const shown = useMemo(() => {
    const local = localIssues.filter((issue) => {
      if (showAllLocal) return true;
      const placed = placeIssues([issue], anchors);
      const anchor = placed.byAnchor.keys().next().value;
      return anchor !== undefined && touched.has(anchor);
    });
    const server = serverIssues.filter((issue) => {
      const placed = placeIssues([issue], anchors);
      const anchor = placed.byAnchor.keys().next().value;
      return anchor === undefined || !editedSinceSave.has(anchor);
    });
    const keyTaken =
      mode === 'create' && takenKey !== null && takenKey === definition.key
        ? [{ path: 'key', message: translate('pf.designer.key_taken', { key: takenKey }) }]
        : [];
    return placeIssues([...keyTaken, ...server, ...local], anchors);
  }, [localIssues, serverIssues, showAllLocal, touched, editedSinceSave, anchors, mode, takenKey, definition.key, translate]);

  const issueApi = useMemo<DesignerIssues>(
    () => ({
      at: (anchor) => shown.byAnchor.get(anchor) ?? [],
      anyUnder: (anchor) => {
        for (const key of shown.byAnchor.keys()) {
          if (key === anchor || key.startsWith(`${anchor}.`) || key.startsWith(`${anchor}[`)) return true;
        }
        return false;
      },
      edited: (anchor) => {
        setEditedSinceSave((current) => (current.has(anchor) ? current : new Set(current).add(anchor)));
        setTouched((current) => (current.has(anchor) ? current : new Set(current).add(anchor)));
      },
      touched: (anchor) => setTouched((current) => (current.has(anchor) ? current : new Set(current).add(anchor))),
    }),
    [shown],
  );
  const issueCount = [...shown.byAnchor.values()].reduce((sum, messages) => sum + messages.length, 0) + shown.unplaced.length;

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // issues of the last save name positions: once stages or fields move, they would point at the wrong ones
  const onReorder = useCallback(() => setServerIssues([]), []);

  const set = <K extends keyof ProjectTypeDefinition>(property: K, value: ProjectTypeDefinition[K]) =>
    setDefinition((current) => ({ ...current, [property]: value }));

  const stages = definition.stages;
  const selected = Math.min(selectedStage, Math.max(stages.length - 1, 0));

  const save = async (): Promise<ProjectTypeDraft | null> => {
    setShowAllLocal(true);
    const cleaned = cleanDefinition(definition);
    if (!TYPE_KEY_PATTERN.test(cleaned.key)) {
      notify('pf.designer.key_needed', { type: 'warning' });
      return null;
    }
    setSaving(true);
    try {
      if (mode === 'create') {
        const existing = await dataProvider.getProjectTypeForDesigner(cleaned.key);
        if (existing.published || existing.draft) {
          setTakenKey(cleaned.key);
          notify('pf.designer.key_taken', { type: 'warning', messageArgs: { key: cleaned.key } });
          return null;
        }
      }
      const draft = await dataProvider.saveProjectTypeDraft(cleaned);
      setServerIssues(draft.issues ?? []);
      setEditedSinceSave(new Set());
      setSavedSnapshot(JSON.stringify(cleaned));
      setDraftSaved(true);
      notify(draft.issues?.length ? 'pf.designer.saved_with_issues' : 'pf.designer.saved', {
        type: draft.issues?.length ? 'warning' : 'success',
        messageArgs: { smart_count: draft.issues?.length ?? 0 },
      });
      void queryClient.invalidateQueries({ queryKey: ['projectTypes'] });
      if (mode === 'create') {
        navigate(`/projectTypes/${encodeURIComponent(cleaned.key)}`, { replace: true, state: { draft } });
      }
      return draft;
    } catch (error) {
      const body = (error as { body?: { fieldErrors?: DefinitionIssue[] } }).body;
      if (body?.fieldErrors?.length) setServerIssues(body.fieldErrors);
      notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
      return null;
    } finally {
      setSaving(false);
    }
  };

  const startPublish = async () => {
    if (needsSave) {
      const draft = await save();
      if (!draft || mode === 'create') return;
    }
    setPublishOpen(true);
  };

  const published = (type: ProjectType) => {
    setPublishOpen(false);
    setSavedSnapshot(snapshotOf(definition));
    notify('pf.publish.done', { type: 'success', messageArgs: { version: type.version } });
    void queryClient.invalidateQueries();
    navigate(`/projectTypes/${encodeURIComponent(type.key)}/show`);
  };

  const refused = (issues: DefinitionIssue[], message: string) => {
    setPublishOpen(false);
    setShowAllLocal(true);
    setEditedSinceSave(new Set());
    setServerIssues(issues);
    notify('pf.publish.refused', { type: 'error', messageArgs: { smart_count: issues.length, message } });
  };

  const discard = async () => {
    setDiscardOpen(false);
    try {
      await dataProvider.deleteProjectTypeDraft(definition.key);
      setSavedSnapshot(snapshotOf(definition));
      notify('pf.designer.discarded', { type: 'info' });
      void queryClient.invalidateQueries();
      navigate(start.basedOnVersion != null ? `/projectTypes/${encodeURIComponent(definition.key)}/show` : '/projectTypes');
    } catch (error) {
      notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
    }
  };

  const title = mode === 'create' ? translate('pf.designer.create_title') : translate('pf.designer.edit_title', { key: definition.key });

  return (
    <DesignerIssuesContext value={issueApi}>
      <Title title={title} />
      <Stack spacing={2} sx={{ py: 2 }} data-testid="designer" data-mode={mode} data-dirty={dirty} data-issues={issueCount}>
        <Card
          variant="outlined"
          sx={{ position: 'sticky', top: (theme) => theme.spacing(6), zIndex: 3, bgcolor: 'background.paper' }}
        >
          <Stack direction="row" spacing={1} useFlexGap sx={{ p: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h1" sx={{ mr: 1 }}>
              {title}
            </Typography>
            {start.basedOnVersion != null && (
              <Chip size="small" label={translate('pf.designer.based_on', { version: start.basedOnVersion })} />
            )}
            {start.status === 'ARCHIVED' && <Chip size="small" color="warning" label={translate('pf.projectTypeStatus.ARCHIVED')} />}
            <Chip
              size="small"
              variant="outlined"
              color={needsSave ? 'warning' : 'success'}
              label={translate(dirty ? 'pf.designer.unsaved' : draftSaved ? 'pf.designer.all_saved' : 'pf.designer.no_draft')}
              data-testid="designer-save-state"
            />
            {issueCount > 0 && (
              <Chip
                size="small"
                color="error"
                label={translate('pf.designer.issue_count', { smart_count: issueCount })}
                onClick={() => document.querySelector('[data-issue-path]')?.scrollIntoView({ behavior: 'smooth', block: 'center' })}
                data-testid="designer-issue-count"
              />
            )}
            <Box sx={{ flex: 1 }} />
            {mode === 'edit' && draftSaved && (
              <Button color="error" onClick={() => setDiscardOpen(true)} disabled={saving} data-testid="discard-draft">
                {translate('pf.designer.discard')}
              </Button>
            )}
            <Button variant="outlined" startIcon={<Save />} onClick={() => void save()} disabled={saving} data-testid="save-draft">
              {translate('pf.designer.save')}
            </Button>
            <Button
              variant="contained"
              startIcon={<Publish />}
              onClick={() => void startPublish()}
              disabled={saving || mode === 'create'}
              data-testid="publish"
            >
              {translate('pf.designer.publish')}
            </Button>
          </Stack>
        </Card>

        {shown.unplaced.length > 0 && (
          <Alert severity="error" data-testid="designer-issues">
            <AlertTitle>{translate('pf.designer.other_issues')}</AlertTitle>
            {shown.unplaced.map((issue) => {
              const named = issue.path ? namedPath(issue.path, definition, issueLocale) : null;
              return (
                <div key={`${issue.path}:${issue.message}`} data-issue-path={issue.path}>
                  {named ? <strong>{named}</strong> : issue.path ? <code>{issue.path}</code> : null}
                  {issue.path ? ': ' : ''}
                  {issue.message}
                  {named && (
                    <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1, fontFamily: 'monospace' }}>
                      {issue.path}
                    </Typography>
                  )}
                </div>
              );
            })}
          </Alert>
        )}
        {mode === 'edit' && !draftSaved && (
          <Alert severity="info">{translate('pf.designer.new_draft_hint', { version: start.basedOnVersion ?? '' })}</Alert>
        )}

        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(360px, 2fr)' },
            alignItems: 'start',
          }}
        >
          <Stack spacing={2}>
            <Card variant="outlined">
              <CardContent>
                <Stack spacing={2}>
                  <Typography variant="subtitle1">{translate('pf.designer.basics')}</Typography>
                  <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'flex-start' } }}>
                    <DesignerTextField
                      anchor="key"
                      testId="designer-key"
                      label={translate('pf.designer.key')}
                      helperText={mode === 'create' ? translate('pf.designer.key_help') : translate('pf.designer.key_fixed')}
                      value={definition.key}
                      onChange={(key) => set('key', key)}
                      disabled={mode === 'edit'}
                      required
                      sx={{ maxWidth: { md: 240 } }}
                      slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'off' } }}
                    />
                    <LocalizedTextFields
                      anchor="name"
                      testId="designer-name"
                      label={translate('pf.designer.name')}
                      value={definition.name}
                      onChange={(name) => set('name', name)}
                      required
                    />
                  </Stack>
                  <LocalizedTextFields
                    anchor="description"
                    testId="designer-description"
                    label={translate('pf.designer.description')}
                    value={definition.description}
                    onChange={(description) => set('description', description)}
                    multiline
                  />
                </Stack>
              </CardContent>
            </Card>

            <Typography variant="h6" component="h2">
              {translate('pf.designer.stages')}
            </Typography>
            <IssueMessages anchor="stages" />
            {stages.length === 0 && <Typography color="text.secondary">{translate('pf.designer.no_stages')}</Typography>}
            {stages.map((stage, index) => (
              <StageEditor
                key={index}
                stage={stage}
                onChange={(next) => set('stages', replaceAt(definition.stages, index, next))}
                index={index}
                count={stages.length}
                onMove={(to) => {
                  onReorder();
                  set('stages', move(definition.stages, index, to));
                  setSelectedStage(to);
                }}
                onRemove={() => {
                  onReorder();
                  set('stages', removeAt(definition.stages, index));
                }}
                earlierStages={stages.slice(0, index)}
                selected={index === selected}
                onSelect={() => setSelectedStage(index)}
                onReorder={onReorder}
              />
            ))}
            <Box>
              <Button
                variant="outlined"
                startIcon={<Add />}
                onClick={() => {
                  issueApi.edited('stages');
                  set('stages', [...stages, newStage(stages)]);
                  setSelectedStage(stages.length);
                }}
                data-testid="add-stage"
              >
                {translate('pf.designer.add_stage')}
              </Button>
            </Box>
          </Stack>

          <Box sx={{ position: { lg: 'sticky' }, top: { lg: 120 }, maxHeight: { lg: 'calc(100vh - 140px)' }, overflowY: { lg: 'auto' } }}>
            <DesignerPreview stages={stages} selected={selected} onSelect={setSelectedStage} />
          </Box>
        </Box>
      </Stack>

      {publishOpen && (
        <PublishDialog
          open
          projectTypeKey={definition.key}
          projectTypeName={labelOf(definition.name, issueLocale) || definition.key}
          onClose={() => setPublishOpen(false)}
          onPublished={published}
          onRefused={refused}
        />
      )}
      <ConfirmDialog
        open={discardOpen}
        title={translate('pf.designer.discard_title')}
        content={translate('pf.designer.discard_content')}
        confirmLabel={translate('pf.designer.discard')}
        confirmTestId="confirm-discard"
        onConfirm={() => void discard()}
        onClose={() => setDiscardOpen(false)}
      />
    </DesignerIssuesContext>
  );
};
