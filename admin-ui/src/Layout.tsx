import ApprovalIcon from '@mui/icons-material/FactCheck';
import InboxIcon from '@mui/icons-material/Inbox';
import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, Menu, TitlePortal, useTranslate } from 'react-admin';
import { LANGUAGES } from './i18n/i18n-provider';
import { InboxButton } from './inbox';

const PhaseflowAppBar = () => (
  <AppBar
    toolbar={
      <>
        <InboxButton />
        <LocalesMenuButton languages={LANGUAGES} />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </AppBar>
);

const PhaseflowMenu = () => {
  const translate = useTranslate();
  return (
    <Menu>
      <Menu.ResourceItems />
      <Menu.Item
        to="/approvals"
        primaryText={translate('pf.approvals.title')}
        leftIcon={<ApprovalIcon />}
        data-testid="menu-approvals"
      />
      <Menu.Item to="/inbox" primaryText={translate('pf.inbox.title')} leftIcon={<InboxIcon />} data-testid="menu-inbox" />
    </Menu>
  );
};

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={PhaseflowAppBar} menu={PhaseflowMenu}>
    {children}
  </RaLayout>
);
