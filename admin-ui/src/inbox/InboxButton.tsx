import InboxIcon from '@mui/icons-material/Inbox';
import Badge from '@mui/material/Badge';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useNavigate, useTranslate } from 'react-admin';
import { useInbox } from './useInbox';

/** The app bar's inbox icon, badged with the unread count. */
export const InboxButton = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { data } = useInbox();
  const unread = data?.unreadCount ?? 0;
  return (
    <Tooltip title={translate('pf.inbox.title')}>
      <IconButton color="inherit" onClick={() => navigate('/inbox')} data-testid="inbox-button" aria-label={translate('pf.inbox.title')}>
        <Badge
          badgeContent={<span data-testid="inbox-count" data-count={unread}>{unread}</span>}
          color="error"
          invisible={unread === 0}
        >
          <InboxIcon />
        </Badge>
      </IconButton>
    </Tooltip>
  );
};
