import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import { useState } from 'react';
import { SimpleForm, Title, useCreatePath, useDataProvider, useNavigate, useNotify, useTranslate } from 'react-admin';
import { Allowed } from '../common/Allowed';
import type { CreateWebhookInput, PhaseflowDataProvider, WebhookSecretResult } from '../providers/data-provider';
import type { FeedKind } from '../types';
import { WebhookFormFields } from './WebhookFormFields';
import { WebhookSecretDialog } from './WebhookSecretDialog';

interface WebhookFormValues {
  name: string;
  url: string;
  kinds: FeedKind[];
  unitId: string;
}

const toInput = (values: WebhookFormValues): CreateWebhookInput => ({
  name: values.name.trim(),
  url: values.url.trim(),
  kinds: values.kinds,
  unitId: values.unitId,
});

const WebhookCreateForm = () => {
  const notify = useNotify();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [created, setCreated] = useState<WebhookSecretResult | null>(null);

  const save = async (values: Record<string, unknown>) => {
    try {
      setCreated(await dataProvider.createWebhook(toInput(values as unknown as WebhookFormValues)));
      return undefined;
    } catch (error) {
      const failure = error as { message?: string; body?: { errors?: Record<string, string> } };
      notify(failure.message || 'ra.notification.http_error', { type: 'error' });
      // the server's field errors (input.url, ...) go under their inputs
      return failure.body?.errors;
    }
  };

  return (
    <>
      <Card>
        <SimpleForm onSubmit={save} sx={{ maxWidth: 640 }}>
          <WebhookFormFields />
        </SimpleForm>
      </Card>
      {created && (
        <WebhookSecretDialog
          secret={created.secret}
          rotated={false}
          onClose={() => navigate(createPath({ resource: 'webhooks', type: 'show', id: created.subscription.id }))}
        />
      )}
    </>
  );
};

/** Creates a subscription for a unit's subtree; its signing secret is shown once, in a dialog, and never kept by the console. */
export const WebhookCreate = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('pf.webhook.create_title')} />
      <Allowed permission="manageUnits">
        <WebhookCreateForm />
      </Allowed>
    </Box>
  );
};
