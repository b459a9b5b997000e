import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import {
  CreateButton,
  Datagrid,
  FunctionField,
  LinkBase,
  List,
  SearchInput,
  TextField,
  TopToolbar,
  useCreatePath,
  useListContext,
  useTranslate,
} from 'react-admin';
import { Allowed } from '../common/Allowed';
import type { WebhookSubscription } from '../types';
import { PauseResumeButton } from './WebhookActions';
import { KindChips, LastDelivery, WebhookState } from './WebhookDetails';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

const WebhookListActions = () => (
  <TopToolbar>
    <CreateButton data-testid="create-webhook" />
  </TopToolbar>
);

const Empty = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ p: 2 }} data-testid="webhooks-empty">
      {translate('pf.webhook.empty')}
    </Typography>
  );
};

/** One subscription as a card, for a phone: name and state, target, unit, kinds, last delivery, and pause/resume. */
const WebhookCards = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data = [], isPending } = useListContext<WebhookSubscription>();
  if (!isPending && data.length === 0) return <Empty />;
  return (
    <Stack spacing={1} sx={{ p: 1 }} data-testid="webhook-cards">
      {data.map((subscription) => (
        <Card key={subscription.id} variant="outlined" data-testid="webhook-row" data-webhook-id={subscription.id}>
          <CardActionArea
            component={LinkBase}
            to={createPath({ resource: 'webhooks', type: 'show', id: subscription.id })}
            aria-label={translate('pf.webhook.open', { name: subscription.name })}
          >
            <CardContent sx={{ p: 1.5 }}>
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
                <Typography variant="subtitle1" component="h2" sx={{ overflowWrap: 'anywhere', minWidth: 0 }}>
                  {subscription.name}
                </Typography>
                <WebhookState subscription={subscription} />
              </Stack>
              <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere', mt: 0.5 }}>
                {subscription.url}
              </Typography>
              <Typography variant="body2" sx={{ mt: 0.5 }}>
                {subscription.unit.name}
              </Typography>
              <Box sx={{ mt: 1 }}>
                <KindChips subscription={subscription} />
              </Box>
              <Box sx={{ mt: 1 }}>
                <LastDelivery subscription={subscription} />
              </Box>
            </CardContent>
          </CardActionArea>
          <Stack direction="row" sx={{ justifyContent: 'flex-end', p: 1, minHeight: 44 }}>
            <PauseResumeButton subscription={subscription} size="medium" />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
};

/** The subscriptions of the subtrees the viewer administers: where each sends, what, and whether it still arrives. */
export const WebhookList = () => {
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <Allowed permission="manageUnits">
      <List filters={filters} actions={<WebhookListActions />} empty={false} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
        {small ? (
          <WebhookCards />
        ) : (
          <Datagrid bulkActionButtons={false} rowClick="show" empty={<Empty />} rowSx={() => ({ verticalAlign: 'top' })}>
            <FunctionField<WebhookSubscription>
              source="name"
              render={(subscription) => (
                <Box data-testid="webhook-row" data-webhook-id={subscription.id}>
                  {subscription.name}
                </Box>
              )}
            />
            <FunctionField<WebhookSubscription>
              source="url"
              render={(subscription) => (
                <Box component="span" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                  {subscription.url}
                </Box>
              )}
            />
            <TextField source="unit.name" label="resources.webhooks.fields.unit" sortable={false} />
            <FunctionField<WebhookSubscription> source="kinds" sortable={false} render={(subscription) => <KindChips subscription={subscription} />} />
            <FunctionField<WebhookSubscription> source="active" sortable={false} render={(subscription) => <WebhookState subscription={subscription} />} />
            <FunctionField<WebhookSubscription>
              source="lastDelivery"
              sortable={false}
              render={(subscription) => <LastDelivery subscription={subscription} />}
            />
            <FunctionField<WebhookSubscription> render={(subscription) => <PauseResumeButton subscription={subscription} />} />
          </Datagrid>
        )}
      </List>
    </Allowed>
  );
};
