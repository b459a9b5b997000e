import Button from '@mui/material/Button';
import Download from '@mui/icons-material/Download';
import { useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { saveBlob } from '../providers/attachments';
import type { PhaseflowDataProvider } from '../providers/data-provider';

/** Downloads one version's definition as JSON, ready for importProjectType elsewhere. */
export const ExportProjectTypeButton = ({ typeKey, version }: { typeKey: string; version?: number }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [pending, setPending] = useState(false);
  const exportIt = async () => {
    setPending(true);
    try {
      const definition = await dataProvider.exportProjectType(typeKey, version);
      const blob = new Blob([`${JSON.stringify(definition, null, 2)}\n`], { type: 'application/json' });
      saveBlob(blob, `${typeKey}${version !== undefined ? `-v${version}` : ''}.json`);
    } catch (error) {
      notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button size="small" startIcon={<Download />} onClick={() => void exportIt()} disabled={pending} data-testid="export-project-type">
      {translate('pf.export.button')}
    </Button>
  );
};
