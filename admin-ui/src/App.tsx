import { QueryClient } from '@tanstack/react-query';
import { Admin, CustomRoutes, Resource, reactRouterProvider } from 'react-admin';
import apiKeys from './api-keys';
import { BulletinListPage, BulletinShowPage } from './bulletins';
import { Layout } from './Layout';
import { LoginPage } from './LoginPage';
import { createI18nProvider } from './i18n/i18n-provider';
import { Dashboard } from './dashboard';
import { ApprovalsPage, InboxPage } from './inbox';
import { KanbanPage } from './kanban';
import { OpenGatePlacesPage, OrganisationAuditPage, OrganisationImportPage } from './organisation';
import projectTypes from './project-types';
import projects from './projects';
import { createAuthProvider } from './providers/auth-provider';
import { createDataProvider } from './providers/data-provider';
import { theme } from './theme';
import { createGraphqlClient } from './providers/graphql-client';
import type { Project } from './types';
import units from './units';
import users from './users';
import webhooks from './webhooks';

const { Route } = reactRouterProvider;
const queryClient = new QueryClient();
// labels arrive already translated, so data fetched in the old language is stale
const i18nProvider = createI18nProvider((locale) => {
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  void queryClient.invalidateQueries();
});
const client = createGraphqlClient(() => (i18nProvider.getLocale() === 'en' ? 'en' : 'zh'));
const dataProvider = createDataProvider(client);
const authProvider = createAuthProvider(client);

export const App = () => (
  <Admin
    title="Phaseflow"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    queryClient={queryClient}
    loginPage={LoginPage}
    layout={Layout}
    dashboard={Dashboard}
    theme={theme}
    disableTelemetry
    requireAuth
  >
    <Resource
      name="projects"
      {...projects}
      recordRepresentation={(project: Project) => `${project.code} ${project.title}`}
    />
    <Resource name="projectTypes" {...projectTypes} recordRepresentation="name" />
    <Resource name="units" {...units} recordRepresentation="name" />
    <Resource name="users" {...users} recordRepresentation="name" />
    <Resource name="apiKeys" {...apiKeys} recordRepresentation="name" />
    <Resource name="webhooks" {...webhooks} recordRepresentation="name" />
    <CustomRoutes>
      <Route path="/inbox" element={<InboxPage />} />
      <Route path="/approvals" element={<ApprovalsPage />} />
      <Route path="/kanban" element={<KanbanPage />} />
      <Route path="/kanban/:typeKey" element={<KanbanPage />} />
      <Route path="/bulletins" element={<BulletinListPage />} />
      <Route path="/bulletins/:id/show" element={<BulletinShowPage />} />
      <Route path="/organisation/import" element={<OrganisationImportPage />} />
      <Route path="/organisation/audit" element={<OrganisationAuditPage />} />
      <Route path="/organisation/open-gate-places" element={<OpenGatePlacesPage />} />
    </CustomRoutes>
  </Admin>
);
