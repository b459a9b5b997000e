import AuditIcon from '@mui/icons-material/History';
import BulletinIcon from '@mui/icons-material/Leaderboard';
import ApprovalIcon from '@mui/icons-material/FactCheck';
import InboxIcon from '@mui/icons-material/Inbox';
import KanbanIcon from '@mui/icons-material/ViewKanban';
import ImportIcon from '@mui/icons-material/UploadFile';
import TransferIcon from '@mui/icons-material/SwapHoriz';
import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, Menu, TitlePortal, useTranslate } from 'react-admin';
import { AccountMenu } from './account/AccountMenu';
import { useViewerPermissions } from './common/useViewerPermissions';
import { LANGUAGES } from './i18n/i18n-provider';
import { InboxButton } from './inbox';

const PhaseflowAppBar = () => {
  const translate = useTranslate();
  return (
    <AppBar
      userMenu={<AccountMenu />}
      toolbar={
        <>
          <InboxButton />
          <LocalesMenuButton languages={LANGUAGES} />
          {/* the spinner is a progressbar: it needs a name */}
          <LoadingIndicator aria-label={translate('ra.page.loading')} />
        </>
      }
    >
      {/* a long title shrinks with an ellipsis instead of pushing the inbox and user menu off a phone's screen */}
      <TitlePortal sx={{ flex: '1 1 0', minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }} />
    </AppBar>
  );
};

/** Every entry is one the server allows (`myPermissions`); pages reached by URL check the same. */
const PhaseflowMenu = () => {
  const translate = useTranslate();
  const permissions = useViewerPermissions();
  return (
    <Menu>
      <Menu.DashboardItem primaryText={translate('pf.dashboard.title')} data-testid="menu-dashboard" />
      <Menu.ResourceItem name="projects" />
      <Menu.Item to="/kanban" primaryText={translate('pf.kanban.title')} leftIcon={<KanbanIcon />} data-testid="menu-kanban" />
      <Menu.ResourceItem name="projectTypes" />
      <Menu.ResourceItem name="units" />
      <Menu.ResourceItem name="users" />
      {permissions?.manageApiKeys && <Menu.ResourceItem name="apiKeys" />}
      {permissions?.manageUnits && <Menu.ResourceItem name="webhooks" data-testid="menu-webhooks" />}
      <Menu.Item
        to="/approvals"
        primaryText={translate('pf.approvals.title')}
        leftIcon={<ApprovalIcon />}
        data-testid="menu-approvals"
      />
      <Menu.Item to="/inbox" primaryText={translate('pf.inbox.title')} leftIcon={<InboxIcon />} data-testid="menu-inbox" />
      <Menu.Item to="/bulletins" primaryText={translate('pf.bulletins.title')} leftIcon={<BulletinIcon />} data-testid="menu-bulletins" />
      {permissions?.manageOrganisation && (
        <Menu.Item
          to="/organisation/import"
          primaryText={translate('pf.orgImport.title')}
          leftIcon={<ImportIcon />}
          data-testid="menu-org-import"
        />
      )}
      {permissions?.manageUsers && (
        <Menu.Item
          to="/organisation/open-gate-places"
          primaryText={translate('pf.openGatePlaces.title')}
          leftIcon={<TransferIcon />}
          data-testid="menu-open-gate-places"
        />
      )}
      {(permissions?.manageUnits || permissions?.manageUsers) && (
        <Menu.Item
          to="/organisation/audit"
          primaryText={translate('pf.orgAudit.title')}
          leftIcon={<AuditIcon />}
          data-testid="menu-org-audit"
        />
      )}
    </Menu>
  );
};

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={PhaseflowAppBar} menu={PhaseflowMenu}>
    {children}
  </RaLayout>
);
