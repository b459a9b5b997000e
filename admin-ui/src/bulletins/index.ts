export { BulletinListPage } from './BulletinListPage';
export { BulletinShowPage } from './BulletinShowPage';
