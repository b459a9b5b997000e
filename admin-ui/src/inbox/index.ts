export { ApprovalsPage } from './ApprovalsPage';
export { InboxButton } from './InboxButton';
export { InboxPage } from './InboxPage';
