import ProjectTypeIcon from '@mui/icons-material/Schema';
import { ProjectTypeList } from './ProjectTypeList';
import { ProjectTypeShow } from './ProjectTypeShow';

export default {
  list: ProjectTypeList,
  show: ProjectTypeShow,
  icon: ProjectTypeIcon,
};
