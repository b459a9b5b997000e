import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Upload from '@mui/icons-material/Upload';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useDataProvider, useNavigate, useNotify, useTranslate } from 'react-admin';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { DefinitionIssue } from '../types';

/** Imports an exported definition (pasted or from a file) as the draft of its key, then opens it. */
export const ImportProjectTypeButton = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<DefinitionIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const reset = () => {
    setText('');
    setProblems([]);
    setFailure(null);
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setProblems([]);
    setFailure(null);
    setText(await file.text());
  };

  const submit = async () => {
    setProblems([]);
    setFailure(null);
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      setFailure(translate('pf.import.not_json', { message: (error as Error).message }));
      return;
    }
    setPending(true);
    try {
      const draft = await dataProvider.importProjectType(definition);
      notify('pf.import.done', { type: 'success', messageArgs: { key: draft.key } });
      void queryClient.invalidateQueries();
      setOpen(false);
      navigate(`/projectTypes/${encodeURIComponent(draft.key)}`, { state: { draft } });
    } catch (error) {
      const fieldErrors = (error as { body?: { fieldErrors?: DefinitionIssue[] } }).body?.fieldErrors;
      if (fieldErrors?.length) setProblems(fieldErrors);
      else setFailure((error as Error).message || translate('ra.notification.http_error'));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<Upload />} onClick={() => setOpen(true)} data-testid="import-project-type">
        {translate('pf.import.button')}
      </Button>
      <Dialog
        open={open}
        onClose={pending ? undefined : () => setOpen(false)}
        fullWidth
        maxWidth="md"
        aria-labelledby="import-dialog-title"
        slotProps={{ transition: { onExited: reset } }}
      >
        <DialogTitle id="import-dialog-title">{translate('pf.import.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Button component="label" variant="outlined" sx={{ alignSelf: 'flex-start' }}>
              {translate('pf.import.choose_file')}
              <input type="file" hidden accept=".json,application/json" onChange={readFile} data-testid="import-file" />
            </Button>
            <TextField
              label={translate('pf.import.json')}
              value={text}
              onChange={(event) => setText(event.target.value)}
              multiline
              minRows={10}
              maxRows={24}
              fullWidth
              slotProps={{ htmlInput: { 'data-testid': 'import-json', spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }}
            />
            {problems.length > 0 && (
              <Alert severity="error" data-testid="import-problems">
                <AlertTitle>{translate('pf.import.refused', { smart_count: problems.length })}</AlertTitle>
                {problems.map((problem) => (
                  <div key={`${problem.path}:${problem.message}`}>
                    {problem.path ? <code>{problem.path}</code> : null}
                    {problem.path ? ': ' : ''}
                    {problem.message}
                  </div>
                ))}
              </Alert>
            )}
            {failure && <Alert severity="error" data-testid="import-problems">{failure}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button variant="contained" onClick={() => void submit()} disabled={pending || text.trim() === ''} data-testid="confirm-import">
            {translate('pf.import.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
