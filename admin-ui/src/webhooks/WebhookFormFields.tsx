import { SelectArrayInput, TextInput, regex, required, useTranslate } from 'react-admin';
import { FEED_KINDS, type Unit } from '../types';
import { UnitTreeInput } from '../units/UnitTreeInput';

/** Subscriptions are kept by the admins of their unit, as API keys are. */
export const mayHookUnit = (unit: Unit) => unit.active && unit.viewerCan.manage;

const HTTP_URL = /^https?:\/\/\S+$/i;

/** Name, target, the kinds of events and the unit whose subtree is sent: the same in create and edit. */
export const WebhookFormFields = () => {
  const translate = useTranslate();
  const choices = FEED_KINDS.map((kind) => ({ id: kind, name: translate(`pf.changeKind.${kind}`) }));
  return (
    <>
      <TextInput source="name" validate={required()} fullWidth slotProps={{ htmlInput: { 'data-testid': 'webhook-name' } }} />
      <TextInput
        source="url"
        validate={[required(), regex(HTTP_URL, 'pf.webhook.url_help')]}
        fullWidth
        helperText="pf.webhook.url_help"
        slotProps={{ htmlInput: { 'data-testid': 'webhook-url', inputMode: 'url', spellCheck: false } }}
      />
      <SelectArrayInput
        source="kinds"
        choices={choices}
        validate={required()}
        fullWidth
        helperText="pf.webhook.kinds_help"
        data-testid="webhook-kinds"
      />
      <UnitTreeInput source="unitId" isSelectable={mayHookUnit} validate={required()} fullWidth helperText={translate('pf.webhook.unit_help')} testId="webhook-unit" />
    </>
  );
};
