import { Edit, SimpleForm, useRecordContext, useTranslate } from 'react-admin';
import type { WebhookSubscription } from '../types';
import { WebhookFormFields } from './WebhookFormFields';

const WebhookEditTitle = () => {
  const translate = useTranslate();
  const subscription = useRecordContext<WebhookSubscription>();
  return <>{subscription ? translate('pf.webhook.edit_title', { name: subscription.name }) : ''}</>;
};

/** Changes what a subscription sends and where; its secret and its place in the feed stay. */
export const WebhookEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" title={<WebhookEditTitle />} transform={({ id, name, url, kinds, unitId }: WebhookSubscription) => ({ id, name, url, kinds, unitId })}>
    <SimpleForm sx={{ maxWidth: 640 }}>
      <WebhookFormFields />
    </SimpleForm>
  </Edit>
);
