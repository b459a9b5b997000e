import UnitIcon from '@mui/icons-material/Apartment';
import { UnitList } from './UnitList';
import { UnitShow } from './UnitShow';

export default {
  list: UnitList,
  show: UnitShow,
  icon: UnitIcon,
};
