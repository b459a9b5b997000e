import UnitIcon from '@mui/icons-material/Apartment';
import { UnitCreate } from './UnitCreate';
import { UnitEdit } from './UnitEdit';
import { UnitList } from './UnitList';
import { UnitShow } from './UnitShow';

export default {
  list: UnitList,
  show: UnitShow,
  create: UnitCreate,
  edit: UnitEdit,
  icon: UnitIcon,
};
