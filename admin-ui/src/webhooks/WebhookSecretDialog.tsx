import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { SecretOnceDialog } from '../common/SecretOnceDialog';
import { useUiLocale } from '../common/useUiLocale';

/** The signing secret, this once (after a create or a rotation), with the old secret's overlap after a rotation. */
export const WebhookSecretDialog = ({
  secret,
  rotated,
  previousValidUntil,
  onClose,
}: {
  secret: string;
  rotated: boolean;
  previousValidUntil?: string | null;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  return (
    <SecretOnceDialog
      secret={secret}
      title={translate(rotated ? 'pf.webhook.rotated_title' : 'pf.webhook.created_title')}
      messages="pf.webhook"
      testId="webhook-secret"
      copyTestId="webhook-secret-copy"
      onClose={onClose}
    >
      {rotated && previousValidUntil && (
        <Typography variant="body2" data-testid="webhook-secret-overlap">
          {translate('pf.webhook.overlap_note', { date: formatDateTime(previousValidUntil, locale) })}
        </Typography>
      )}
    </SecretOnceDialog>
  );
};
