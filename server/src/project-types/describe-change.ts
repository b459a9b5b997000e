import type { Locale } from '@phaseflow/forms';
import type { DefinitionChange } from '@phaseflow/workflows';

const PROPERTY_NAMES: Record<string, { zh: string; en: string }> = {
  name: { zh: '名称', en: 'name' },
  description: { zh: '说明', en: 'description' },
  label: { zh: '标签', en: 'label' },
  type: { zh: '类型', en: 'type' },
  required: { zh: '必填', en: 'required' },
  min: { zh: '最小值', en: 'minimum' },
  max: { zh: '最大值', en: 'maximum' },
  minLength: { zh: '最短长度', en: 'minimum length' },
  maxLength: { zh: '最大长度', en: 'maximum length' },
  pattern: { zh: '格式', en: 'pattern' },
  options: { zh: '选项', en: 'options' },
  helpText: { zh: '帮助文字', en: 'help text' },
  placeholder: { zh: '占位文字', en: 'placeholder' },
  defaultValue: { zh: '默认值', en: 'default value' },
  visibleWhen: { zh: '显示条件', en: 'visibility condition' },
  compute: { zh: '计算公式', en: 'formula' },
  gate: { zh: '审批关口', en: 'gate' },
  deadlineDays: { zh: '期限（天）', en: 'deadline (days)' },
  warningDays: { zh: '预警（天）', en: 'warning (days)' },
  skipWhen: { zh: '跳过条件', en: 'skip condition' },
  position: { zh: '顺序', en: 'position' },
};

function shown(value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  const localized = typeof value === 'object' && value !== null && 'zh' in value && 'en' in value && Object.keys(value).length === 2;
  const text = localized ? String((value as Record<Locale, unknown>)[locale]) : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line saying what a change does, in the reader's language. */
export function describeChange(change: DefinitionChange, locale: Locale): string {
  const zh = locale === 'zh';
  const where = change.fieldKey
    ? zh
      ? `阶段「${change.stageKey}」的字段「${change.fieldKey}」`
      : `field "${change.fieldKey}" of stage "${change.stageKey}"`
    : change.stageKey
      ? zh
        ? `阶段「${change.stageKey}」`
        : `stage "${change.stageKey}"`
      : zh
        ? '项目类型'
        : 'the project type';
  if (change.kind === 'ADDED') return zh ? `新增${where}` : `Added ${where}`;
  if (change.kind === 'REMOVED') return zh ? `删除${where}` : `Removed ${where}`;
  const property = change.property ?? '';
  const name = PROPERTY_NAMES[property]?.[locale] ?? property;
  const values = `${shown(change.before, locale)} → ${shown(change.after, locale)}`;
  return zh ? `修改${where}的${name}：${values}` : `Changed the ${name} of ${where}: ${values}`;
}
