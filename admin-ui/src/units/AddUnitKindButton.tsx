import AddIcon from '@mui/icons-material/Category';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider } from '../providers/data-provider';

/** Adds a unit kind beside the built-in ones (admins of a top-level unit). */
export const AddUnitKindButton = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const queryClient = useQueryClient();
  const { run, pending, error } = useServerCall();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [sortOrder, setSortOrder] = useState('');
  const fieldError = (name: string) => error?.body?.errors?.[name];

  const save = async () => {
    const order = sortOrder.trim() === '' ? undefined : Number(sortOrder);
    const kind = await run(() => dataProvider.createUnitKind(key.trim(), { zh: zh.trim(), en: en.trim() }, order), 'pf.unitKindForm.created');
    if (kind) {
      await queryClient.invalidateQueries({ queryKey: ['unitKinds'] });
      setOpen(false);
      setKey('');
      setZh('');
      setEn('');
      setSortOrder('');
    }
  };

  return (
    <>
      <Button size="small" startIcon={<AddIcon />} onClick={() => setOpen(true)} data-testid="add-unit-kind">
        {translate('pf.unitKindForm.add')}
      </Button>
      <Dialog open={open} onClose={pending ? undefined : () => setOpen(false)} maxWidth="xs" fullWidth>
        <DialogTitle>{translate('pf.unitKindForm.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label={translate('pf.unitKindForm.key')}
              value={key}
              onChange={(event) => setKey(event.target.value.toUpperCase())}
              required
              error={Boolean(fieldError('key'))}
              helperText={fieldError('key') ?? translate('pf.unitKindForm.key_help')}
              slotProps={{ htmlInput: { 'data-testid': 'unit-kind-key' } }}
            />
            <TextField
              label={translate('pf.unitForm.name_zh')}
              value={zh}
              onChange={(event) => setZh(event.target.value)}
              required
              error={Boolean(fieldError('names'))}
              helperText={fieldError('names')}
              slotProps={{ htmlInput: { 'data-testid': 'unit-kind-name-zh' } }}
            />
            <TextField
              label={translate('pf.unitForm.name_en')}
              value={en}
              onChange={(event) => setEn(event.target.value)}
              required
              slotProps={{ htmlInput: { 'data-testid': 'unit-kind-name-en' } }}
            />
            <TextField
              label={translate('resources.units.fields.sortOrder')}
              type="number"
              value={sortOrder}
              onChange={(event) => setSortOrder(event.target.value)}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            variant="contained"
            onClick={() => void save()}
            disabled={pending || !key.trim() || !zh.trim() || !en.trim()}
            data-testid="unit-kind-save"
          >
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
