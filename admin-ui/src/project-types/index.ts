import ProjectTypeIcon from '@mui/icons-material/Schema';
import { ProjectTypeCreate } from './ProjectTypeCreate';
import { ProjectTypeEdit } from './ProjectTypeEdit';
import { ProjectTypeList } from './ProjectTypeList';
import { ProjectTypeShow } from './ProjectTypeShow';

export default {
  list: ProjectTypeList,
  show: ProjectTypeShow,
  create: ProjectTypeCreate,
  edit: ProjectTypeEdit,
  icon: ProjectTypeIcon,
};
