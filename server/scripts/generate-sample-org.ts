/**
 * Generates the sample organisation the repo ships (server/data/sample-organisation.{csv,xlsx}),
 * shaped like the real programme: 青山县 with 55 county departments, 13 towns, 132 villages, 80
 * party committees, 2,010 party branches and 3,000 users with roles. Deterministic: a seeded
 * generator, so that running it again gives the same rows. It keeps the demo units and users.
 *
 *   npx tsx --tsconfig server/tsconfig.json server/scripts/generate-sample-org.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../src/config';
import { DEMO_UNITS, DEMO_USERS } from '../src/db/seed/demo-users';
import { writeCsv, writeXlsx, type TableValues } from '../src/org/import/import-table';

/** mulberry32: small, fast, and the same sequence for the same seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}
const random = generator(20261203);

const DEPARTMENTS: [code: string, zh: string, en: string][] = [
  ['office', '县委办公室', 'County Party Committee Office'],
  ['gov-office', '县政府办公室', 'County Government Office'],
  ['discipline', '县纪委监委', 'Commission for Discipline Inspection and Supervision'],
  ['org', '县委组织部', 'Organisation Department'],
  ['publicity', '县委宣传部', 'Publicity Department'],
  ['united-front', '县委统战部', 'United Front Work Department'],
  ['political-legal', '县委政法委', 'Political and Legal Affairs Commission'],
  ['staffing', '县委编办', 'Staffing Commission Office'],
  ['party-school', '县委党校', 'Party School'],
  ['organs', '县直机关工委', 'Working Committee of County Organs'],
  ['petitions', '县信访局', 'Petitions Bureau'],
  ['development', '县发展和改革局', 'Development and Reform Bureau'],
  ['education', '县教育局', 'Education Bureau'],
  ['science', '县科学技术局', 'Science and Technology Bureau'],
  ['industry', '县工业和信息化局', 'Industry and Information Technology Bureau'],
  ['police', '县公安局', 'Public Security Bureau'],
  ['civil', '县民政局', 'Civil Affairs Bureau'],
  ['justice', '县司法局', 'Justice Bureau'],
  ['finance', '县财政局', 'Finance Bureau'],
  ['hr', '县人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['land', '县自然资源局', 'Natural Resources Bureau'],
  ['environment', '县生态环境分局', 'Ecology and Environment Sub-bureau'],
  ['housing', '县住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'],
  ['transport', '县交通运输局', 'Transport Bureau'],
  ['water', '县水利局', 'Water Resources Bureau'],
  ['agri', '县农业农村局', 'Agriculture and Rural Affairs Bureau'],
  ['commerce', '县商务局', 'Commerce Bureau'],
  ['culture', '县文化广电旅游局', 'Culture, Radio, Television and Tourism Bureau'],
  ['health', '县卫生健康局', 'Health Bureau'],
  ['veterans', '县退役军人事务局', 'Veterans Affairs Bureau'],
  ['emergency', '县应急管理局', 'Emergency Management Bureau'],
  ['audit', '县审计局', 'Audit Bureau'],
  ['market', '县市场监督管理局', 'Market Regulation Bureau'],
  ['statistics', '县统计局', 'Statistics Bureau'],
  ['medical-insurance', '县医疗保障局', 'Medical Insurance Bureau'],
  ['forestry', '县林业局', 'Forestry Bureau'],
  ['revitalisation', '县乡村振兴局', 'Rural Revitalisation Bureau'],
  ['data', '县数据资源局', 'Data Resources Bureau'],
  ['sports', '县体育事业发展中心', 'Sports Development Centre'],
  ['affairs', '县机关事务服务中心', 'Government Affairs Service Centre'],
  ['media', '县融媒体中心', 'Media Centre'],
  ['archives', '县档案馆', 'County Archives'],
  ['unions', '县总工会', 'Federation of Trade Unions'],
  ['youth', '团县委', 'Communist Youth League Committee'],
  ['women', '县妇联', "Women's Federation"],
  ['science-assoc', '县科协', 'Association for Science and Technology'],
  ['disabled', '县残联', 'Disabled Persons’ Federation'],
  ['commerce-fed', '县工商联', 'Federation of Industry and Commerce'],
  ['court', '县人民法院', "People's Court"],
  ['procuratorate', '县人民检察院', "People's Procuratorate"],
  ['supply', '县供销合作社', 'Supply and Marketing Cooperative'],
  ['tax', '县税务局', 'Taxation Bureau'],
  ['weather', '县气象局', 'Meteorological Bureau'],
  ['hospital', '县人民医院', "People's Hospital"],
  ['school-1', '县第一中学', 'No. 1 Middle School'],
];

const TOWNS: [code: string, zh: string, en: string][] = [
  ['donghe', '东河镇', 'Donghe Town'],
  ['xiling', '西岭镇', 'Xiling Town'],
  ['nanping', '南坪镇', 'Nanping Town'],
  ['beishan', '北山镇', 'Beishan Town'],
  ['hekou', '河口镇', 'Hekou Town'],
  ['longquan', '龙泉镇', 'Longquan Town'],
  ['baisha', '白沙镇', 'Baisha Town'],
  ['qingshi', '青石镇', 'Qingshi Town'],
  ['shimen', '石门镇', 'Shimen Town'],
  ['qingxi', '清溪镇', 'Qingxi Town'],
  ['daping', '大坪乡', 'Daping Township'],
  ['fenglin', '枫林乡', 'Fenglin Township'],
  ['maan', '马鞍乡', "Ma'an Township"],
];

/** Village names (汉字, pinyin); the first four are the demo villages, every name is used once. */
const VILLAGES: [string, string][] = [
  ['柳树', 'liushu'], ['石桥', 'shiqiao'], ['桃源', 'taoyuan'], ['南山', 'nanshan'],
  ['新华', 'xinhua'], ['红旗', 'hongqi'], ['和平', 'heping'], ['长岭', 'changling'], ['杨柳', 'yangliu'], ['竹林', 'zhulin'],
  ['大湾', 'dawan'], ['小河', 'xiaohe'], ['黄土', 'huangtu'], ['高坡', 'gaopo'], ['荷花', 'hehua'], ['梅岭', 'meiling'],
  ['松林', 'songlin'], ['桥头', 'qiaotou'], ['上坝', 'shangba'], ['下坝', 'xiaba'], ['团结', 'tuanjie'], ['光明', 'guangming'],
  ['金星', 'jinxing'], ['青龙', 'qinglong'], ['白马', 'baima'], ['双河', 'shuanghe'], ['三合', 'sanhe'], ['五里', 'wuli'],
  ['六合', 'liuhe'], ['七星', 'qixing'], ['九龙', 'jiulong'], ['十里', 'shili'], ['凤凰', 'fenghuang'], ['龙潭', 'longtan'],
  ['月亮湾', 'yueliangwan'], ['太平', 'taiping'], ['永安', 'yongan'], ['长兴', 'changxing'], ['福田', 'futian'], ['兴隆', 'xinglong'],
  ['东风', 'dongfeng'], ['前进', 'qianjin'], ['胜利', 'shengli'], ['幸福', 'xingfu'], ['向阳', 'xiangyang'], ['红星', 'hongxing'],
  ['新民', 'xinmin'], ['保安', 'baoan'], ['清泉', 'qingquan'], ['杏花', 'xinghua'], ['桂花', 'guihua'], ['茶园', 'chayuan'],
  ['枣林', 'zaolin'], ['梨园', 'liyuan'], ['柏树', 'baishu'], ['槐树', 'huaishu'], ['马家', 'majia'], ['王家', 'wangjia'],
  ['李家', 'lijia'], ['张家', 'zhangjia'], ['陈家', 'chenjia'], ['刘家', 'liujia'], ['赵家', 'zhaojia'], ['周家', 'zhoujia'],
  ['吴家', 'wujia'], ['孙家', 'sunjia'], ['何家', 'hejia'], ['罗家', 'luojia'], ['高家', 'gaojia'], ['林家', 'linjia'],
  ['郭家', 'guojia'], ['黄家', 'huangjia'], ['徐家', 'xujia'], ['田家', 'tianjia'], ['曾家', 'zengjia'], ['彭家', 'pengjia'],
  ['谢家', 'xiejia'], ['邓家', 'dengjia'], ['石门坎', 'shimenkan'], ['水口', 'shuikou'], ['山口', 'shankou'], ['坪上', 'pingshang'],
  ['田心', 'tianxin'], ['塘湾', 'tangwan'], ['大塘', 'datang'], ['小塘', 'xiaotang'], ['白石', 'baishi'], ['黑石', 'heishi'],
  ['金竹', 'jinzhu'], ['银杏', 'yinxing'], ['枫树', 'fengshu'], ['樟树', 'zhangshu'], ['楠木', 'nanmu'], ['香樟', 'xiangzhang'],
  ['岩头', 'yantou'], ['岭下', 'lingxia'], ['坳上', 'aoshang'], ['河西', 'hexi'], ['河东', 'hedong'], ['沙坪', 'shaping'],
  ['花桥', 'huaqiao'], ['新桥', 'xinqiao'], ['古楼', 'gulou'], ['官庄', 'guanzhuang'], ['李村', 'licun'], ['东岗', 'donggang'],
  ['西岗', 'xigang'], ['南岗', 'nangang'], ['北岗', 'beigang'], ['中和', 'zhonghe'], ['万福', 'wanfu'], ['千秋', 'qianqiu'],
  ['百合', 'baihe'], ['同心', 'tongxin'], ['民主', 'minzhu'], ['建设', 'jianshe'], ['联合', 'lianhe'], ['先锋', 'xianfeng'],
  ['丰收', 'fengshou'], ['富民', 'fumin'], ['新塘', 'xintang'], ['老屋', 'laowu'], ['高桥', 'gaoqiao'], ['平安', 'pingan'],
  ['顺河', 'shunhe'], ['映山红', 'yingshanhong'], ['黄金', 'huangjin'], ['玉泉', 'yuquan'], ['鹿鸣', 'luming'], ['鹤岭', 'heling'],
  ['云峰', 'yunfeng'], ['天井', 'tianjing'], ['井冲', 'jingchong'], ['龙井', 'longjing'], ['大冲', 'dachong'], ['长冲', 'changchong'],
];

const ENTERPRISES: [code: string, zh: string, en: string][] = [
  ['cement', '青山水泥有限公司', 'Qingshan Cement Co.'],
  ['tea', '青山茶业集团', 'Qingshan Tea Group'],
  ['power', '青山供电公司', 'Qingshan Power Supply Co.'],
  ['water-supply', '青山自来水公司', 'Qingshan Water Supply Co.'],
  ['transit', '青山公交公司', 'Qingshan Bus Co.'],
  ['bank', '青山农村商业银行', 'Qingshan Rural Commercial Bank'],
  ['textile', '青山纺织有限公司', 'Qingshan Textile Co.'],
  ['food', '青山食品有限公司', 'Qingshan Food Co.'],
  ['mining', '青山矿业有限公司', 'Qingshan Mining Co.'],
  ['logistics', '青山物流园', 'Qingshan Logistics Park'],
  ['industrial-park', '青山工业园区', 'Qingshan Industrial Park'],
  ['tcm-hospital', '县中医医院', 'Traditional Chinese Medicine Hospital'],
  ['maternal', '县妇幼保健院', 'Maternal and Child Health Hospital'],
  ['school-2', '县第二中学', 'No. 2 Middle School'],
  ['vocational', '县职业中专', 'Vocational School'],
  ['experimental', '县实验小学', 'Experimental Primary School'],
  ['social-orgs', '县社会组织综合党委', 'Social Organisations Party Committee'],
  ['private-firms', '县非公有制经济组织综合党委', 'Private Enterprises Party Committee'],
  ['lawyers', '县律师行业党委', 'Lawyers Party Committee'],
  ['couriers', '县快递物流行业党委', 'Courier and Logistics Party Committee'],
  ['property', '县物业服务行业党委', 'Property Services Party Committee'],
  ['elderly-care', '县养老服务行业党委', 'Elderly Care Party Committee'],
];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[n - 11]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${NUMERALS[tens - 1]}十${ones ? NUMERALS[ones - 1] : ''}`;
}

const BRANCH_KINDS: [zh: string, en: string][] = [
  ['机关第{n}党支部', 'Office Party Branch No. {n}'],
  ['离退休干部第{n}党支部', 'Retired Cadres Party Branch No. {n}'],
  ['第{n}党支部', 'Party Branch No. {n}'],
];

// Surnames by frequency (the common ones first, picked more often) and given-name characters, with pinyin.
const SURNAMES: [string, string][] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'],
  ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'], ['袁', 'yuan'], ['潘', 'pan'], ['于', 'yu'], ['蒋', 'jiang'], ['蔡', 'cai'],
  ['余', 'yu'], ['杜', 'du'], ['叶', 'ye'], ['程', 'cheng'], ['苏', 'su'], ['魏', 'wei'], ['吕', 'lv'], ['丁', 'ding'],
  ['任', 'ren'], ['沈', 'shen'], ['姚', 'yao'], ['卢', 'lu'], ['姜', 'jiang'], ['崔', 'cui'], ['钟', 'zhong'], ['谭', 'tan'],
  ['陆', 'lu'], ['汪', 'wang'], ['范', 'fan'], ['金', 'jin'], ['石', 'shi'], ['廖', 'liao'], ['贾', 'jia'], ['夏', 'xia'],
];
const GIVEN: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'],
  ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'], ['建', 'jian'],
  ['国', 'guo'], ['文', 'wen'], ['红', 'hong'], ['兰', 'lan'], ['云', 'yun'], ['峰', 'feng'], ['海', 'hai'], ['波', 'bo'],
  ['玲', 'ling'], ['斌', 'bin'], ['辉', 'hui'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'], ['鹏', 'peng'], ['琳', 'lin'],
  ['雪', 'xue'], ['梅', 'mei'], ['春', 'chun'], ['志', 'zhi'], ['德', 'de'], ['龙', 'long'], ['晨', 'chen'], ['欣', 'xin'],
  ['婷', 'ting'], ['慧', 'hui'], ['佳', 'jia'], ['博', 'bo'], ['成', 'cheng'], ['新', 'xin'], ['利', 'li'], ['清', 'qing'],
  ['亮', 'liang'], ['俊', 'jun'], ['燕', 'yan'], ['萍', 'ping'], ['林', 'lin'], ['荣', 'rong'], ['祥', 'xiang'], ['安', 'an'],
];

const usedEmails = new Set<string>(DEMO_USERS.map((user) => user.email));
function person(): { name: string; email: string; phone: string } {
  // Squaring the draw favours the common surnames, as real registers do.
  const surname = SURNAMES[Math.floor(random.next() ** 2 * SURNAMES.length)];
  const given = Array.from({ length: random.next() < 0.7 ? 2 : 1 }, () => random.pick(GIVEN));
  const base = `${given.map(([, pinyin]) => pinyin).join('')}.${surname[1]}`;
  let email = `${base}@qingshan.gov.cn`;
  for (let n = 2; usedEmails.has(email); n += 1) email = `${base}${n}@qingshan.gov.cn`;
  usedEmails.add(email);
  const phone = `1${random.pick(['35', '36', '37', '38', '39', '50', '51', '58', '59', '87', '88'])}${String(Math.floor(random.next() * 1e8)).padStart(8, '0')}`;
  return { name: `${surname[0]}${given.map(([zh]) => zh).join('')}`, email, phone };
}

const unitRows: TableValues[] = [];
const roleRows = new Map<string, { name: string; phone: string; roles: string[] }>();
const unit = (code: string, parent: string | null, kind: string, zh: string, en: string, sortOrder: number) =>
  unitRows.push({ type: 'UNIT', code, parent_code: parent ?? '', kind, name_zh: zh, name_en: en, sort_order: sortOrder });
const staff = (role: string, ...units: string[]) => {
  const { name, email, phone } = person();
  roleRows.set(email, { name, phone, roles: units.map((code) => `${code}:${role}`) });
  return email;
};
const also = (email: string, code: string, role: string) => roleRows.get(email)!.roles.push(`${code}:${role}`);

const demo = new Map<string, (typeof DEMO_UNITS)[number]>(DEMO_UNITS.map((u) => [u.code, u]));
unit('qingshan', null, 'COUNTY', '青山县', 'Qingshan County', 0);
for (let i = 0; i < 4; i += 1) staff('VIEWER', 'qingshan');

DEPARTMENTS.forEach(([key, zh, en], i) => {
  const code = `qingshan-${key}`;
  const known = demo.get(code);
  unit(code, 'qingshan', 'DEPARTMENT', known?.zh ?? zh, known?.en ?? en, (i + 1) * 10);
  if (known) {
    for (let n = 0; n < 3; n += 1) staff('VIEWER', code);
    return;
  }
  staff('ADMIN', code);
  staff('OPERATOR', code);
  staff('VIEWER', code);
  staff('VIEWER', code);
});

const committees: { code: string; zh: string; en: string }[] = [];
let village = 0; // the next unused name after the four demo villages
TOWNS.forEach(([code, zh, en], t) => {
  unit(code, 'qingshan', 'TOWN', zh, en, 1000 + t * 10);
  const demoTown = code === 'donghe' || code === 'xiling';
  if (demoTown) {
    for (let n = 0; n < 8; n += 1) staff('VIEWER', code);
  } else {
    staff('ADMIN', code);
    staff('OPERATOR', code);
    staff('OPERATOR', code);
    staff('APPROVER', code);
    staff('APPROVER', code);
    for (let n = 0; n < 5; n += 1) staff('VIEWER', code);
  }
  const committee = { code: `${code}-dw`, zh: `${zh}党委`, en: `${en} Party Committee` };
  unit(committee.code, code, 'PARTY_COMMITTEE', committee.zh, committee.en, 5);
  committees.push(committee);
  // 132 villages: ten per town, eleven in the first two towns after the demo ones.
  const count = t === 2 || t === 3 ? 11 : 10;
  const demoVillages = code === 'donghe' ? VILLAGES.slice(0, 2) : code === 'xiling' ? VILLAGES.slice(2, 4) : [];
  for (let v = 0; v < count; v += 1) {
    const [vzh, pinyin] = v < demoVillages.length ? demoVillages[v] : VILLAGES[4 + village++];
    const vcode = `${code}-${pinyin}`;
    const vzhName = `${vzh}村`;
    const ven = `${pinyin[0].toUpperCase()}${pinyin.slice(1)} Village`;
    unit(vcode, code, 'VILLAGE', vzhName, ven, (v + 1) * 10);
    const branch = `${vcode}-zb`;
    unit(branch, committee.code, 'BRANCH', `${vzhName}党支部`, `${ven} Party Branch`, (v + 1) * 10);
    if (demo.has(vcode)) {
      staff('VIEWER', vcode);
      staff('VIEWER', vcode);
      staff('OPERATOR', branch);
      continue;
    }
    const secretary = staff('OPERATOR', vcode);
    also(secretary, branch, 'OPERATOR');
    staff('VIEWER', vcode);
    staff('VIEWER', vcode);
  }
});

DEPARTMENTS.slice(10, 55).forEach(([key, zh, en]) => {
  committees.push({ code: `qingshan-${key}-dw`, zh: `${demo.get(`qingshan-${key}`)?.zh ?? zh}党委`, en: `${demo.get(`qingshan-${key}`)?.en ?? en} Party Committee` });
  unit(`qingshan-${key}-dw`, `qingshan-${key}`, 'PARTY_COMMITTEE', committees.at(-1)!.zh, committees.at(-1)!.en, 5);
});
ENTERPRISES.forEach(([key, zh, en], i) => {
  const isCommittee = zh.endsWith('党委');
  const committee = { code: `qingshan-${key}-dw`, zh: isCommittee ? zh : `${zh}党委`, en: isCommittee ? en : `${en} Party Committee` };
  unit(committee.code, 'qingshan', 'PARTY_COMMITTEE', committee.zh, committee.en, 2000 + i * 10);
  committees.push(committee);
});

// 2,010 branches: the 132 village branches, and the rest spread over the 80 committees.
const remaining = 2010 - 132;
committees.forEach((committee, c) => {
  staff('ADMIN', committee.code);
  staff('OPERATOR', committee.code);
  const count = Math.floor(remaining / committees.length) + (c < remaining % committees.length ? 1 : 0);
  for (let b = 1; b <= count; b += 1) {
    const [zh, en] = BRANCH_KINDS[b <= 3 ? 0 : b <= 4 ? 1 : 2];
    const n = b <= 3 ? b : b <= 4 ? 1 : b - 4;
    const code = `${committee.code}-b${String(b).padStart(2, '0')}`;
    unit(code, committee.code, 'BRANCH', `${committee.zh.replace(/党委$/, '')}${zh.replace('{n}', chineseNumber(n))}`, `${committee.en.replace(/ Party Committee$/, '')} ${en.replace('{n}', String(n))}`, b * 10);
    staff('OPERATOR', code);
  }
});

const TARGET_USERS = 3000;
const branches = unitRows.filter((row) => row.kind === 'BRANCH').map((row) => String(row.code));
for (let i = 0; roleRows.size + DEMO_USERS.length < TARGET_USERS; i += 1) staff('VIEWER', branches[(i * 7) % branches.length]);

const userRows: TableValues[] = [
  ...DEMO_USERS.map((user) => ({ type: 'USER', email: user.email, name: user.name, roles: user.roles.map(([code, role]) => `${code}:${role.toUpperCase()}`).join(';') })),
  ...[...roleRows].map(([email, user]) => ({ type: 'USER', email, name: user.name, phone: user.phone, roles: user.roles.join(';') })),
];

async function main(): Promise<void> {
  const dir = join(findRepoRoot(), 'server', 'data');
  mkdirSync(dir, { recursive: true });
  const rows = [...unitRows, ...userRows];
  writeFileSync(join(dir, 'sample-organisation.csv'), writeCsv(rows));
  writeFileSync(join(dir, 'sample-organisation.xlsx'), await writeXlsx(rows));
  const kinds = new Map<string, number>();
  for (const row of unitRows) kinds.set(String(row.kind), (kinds.get(String(row.kind)) ?? 0) + 1);
  console.log(`${unitRows.length} units (${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}), ${userRows.length} users, ${rows.length} rows`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
