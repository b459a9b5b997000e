import { labelOf, type FieldDefinition, type Locale, type LocalizedText } from '@phaseflow/forms';
import type { DefinitionChange, ProjectTypeDefinition } from '@phaseflow/workflows';

/** A change with the names of its stage and field, as people know them (from the newer version, else the older). */
export interface NamedChange extends DefinitionChange {
  stageName: LocalizedText | null;
  fieldName: LocalizedText | null;
}

function fieldByKey(fields: readonly FieldDefinition[] | undefined, fieldKey: string): FieldDefinition | undefined {
  // a table's column is `table.column`
  const [head, ...rest] = fieldKey.split('.');
  const field = fields?.find((candidate) => candidate.key === head);
  return rest.length === 0 || !field ? field : fieldByKey(field.columns, rest.join('.'));
}

function fieldName(fields: readonly FieldDefinition[] | undefined, fieldKey: string): LocalizedText | null {
  const parts = fieldKey.split('.');
  const labels = parts.map((_, i) => fieldByKey(fields, parts.slice(0, i + 1).join('.'))?.label);
  if (labels.some((label) => !label)) return null;
  return { zh: labels.map((label) => label!.zh).join(' › '), en: labels.map((label) => label!.en).join(' › ') };
}

/** Names every change's stage and field from the two versions it compares. */
export function nameChanges(changes: readonly DefinitionChange[], from: ProjectTypeDefinition | null, to: ProjectTypeDefinition): NamedChange[] {
  const versions = [to, from].filter((definition): definition is ProjectTypeDefinition => definition !== null);
  return changes.map((change) => {
    let stageName: LocalizedText | null = null;
    let named: LocalizedText | null = null;
    for (const definition of versions) {
      const stage = change.stageKey ? definition.stages.find((candidate) => candidate.key === change.stageKey) : undefined;
      if (!stage) continue;
      stageName ??= stage.name ?? null;
      if (change.fieldKey) named ??= fieldName(stage.form?.fields, change.fieldKey);
    }
    return { ...change, stageName, fieldName: named };
  });
}

const nameIn = (name: LocalizedText | null | undefined, key: string, locale: Locale): string => {
  const shown = name ? labelOf(name, locale).trim() : '';
  return shown === '' ? key : shown;
};

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

/** One line saying what a change does, in the reader's language, naming stages and fields by their names. */
export function describeChange(change: DefinitionChange & Partial<Pick<NamedChange, 'stageName' | 'fieldName'>>, locale: Locale): string {
  const zh = locale === 'zh';
  const stage = change.stageKey ? nameIn(change.stageName, change.stageKey, locale) : '';
  const field = change.fieldKey ? nameIn(change.fieldName, change.fieldKey, locale) : '';
  const where = change.fieldKey
    ? zh
      ? `阶段「${stage}」的字段「${field}」`
      : `field "${field}" of stage "${stage}"`
    : change.stageKey
      ? zh
        ? `阶段「${stage}」`
        : `stage "${stage}"`
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
