import ProjectIcon from '@mui/icons-material/AccountTree';
import { ProjectCreate } from './ProjectCreate';
import { ProjectList } from './ProjectList';
import { ProjectShow } from './ProjectShow';

export default {
  list: ProjectList,
  show: ProjectShow,
  create: ProjectCreate,
  icon: ProjectIcon,
};
