export { OpenGatePlacesPage } from './OpenGatePlacesPage';
export { OrganisationAuditPage } from './OrganisationAuditPage';
export { OrganisationImportPage } from './OrganisationImportPage';
