import type { FormDefinition } from '@phaseflow/forms';
import { describe, expect, it } from 'vitest';
import { keySubmittedData } from './key-data';

const FORM: FormDefinition = {
  fields: [
    { key: 'rows', type: 'table', label: { zh: '明细', en: 'Rows' }, columns: [] } as never,
    { key: 'goal', type: 'longText', label: { zh: '目标', en: 'Goal' } },
    { key: 'category', type: 'singleSelect', label: { zh: '类别', en: 'Category' }, options: [{ value: 'party', label: { zh: '党建', en: 'Party building' } }] },
    { key: 'urgent', type: 'boolean', label: { zh: '紧急', en: 'Urgent' } },
    { key: 'budget', type: 'number', label: { zh: '预算', en: '' } },
  ],
};

describe('keySubmittedData', () => {
  it('labels the first filled fields in the reader\'s language, skipping tables and empty fields', () => {
    expect(keySubmittedData(FORM, { rows: [{}], goal: '建设服务站', category: 'party', urgent: false, budget: 12 }, 'en', ['Yes', 'No'])).toEqual([
      { key: 'goal', label: 'Goal', value: '建设服务站' },
      { key: 'category', label: 'Category', value: 'Party building' },
      { key: 'urgent', label: 'Urgent', value: 'No' },
    ]);
    expect(keySubmittedData(FORM, { goal: '', category: 'party', budget: 12 }, 'en', ['Yes', 'No'])).toEqual([
      { key: 'category', label: 'Category', value: 'Party building' },
      // an empty English label falls back to the Chinese one
      { key: 'budget', label: '预算', value: '12' },
    ]);
  });

  it('cuts long text and answers nothing for no submission', () => {
    const [goal] = keySubmittedData(FORM, { goal: 'x'.repeat(200) }, 'zh', ['是', '否']);
    expect(goal!.value).toHaveLength(80);
    expect(goal!.value.endsWith('…')).toBe(true);
    expect(keySubmittedData(FORM, null, 'zh', ['是', '否'])).toEqual([]);
    expect(keySubmittedData(FORM, { urgent: true }, 'zh', ['是', '否'], 1)).toEqual([{ key: 'urgent', label: '紧急', value: '是' }]);
  });
});
