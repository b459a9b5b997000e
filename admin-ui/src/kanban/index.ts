export { KanbanPage } from './KanbanPage';
