import { describe, expect, it } from 'vitest';
import type { FieldError, FormDefinition } from './types.js';
import { validateFormData } from './validate.js';

const options = [
  { value: 'lead', label: { zh: '组长', en: 'Lead' } },
  { value: 'member', label: { zh: '组员', en: 'Member' } },
];

const form: FormDefinition = {
  fields: [
    { key: 'title', type: 'text', label: { zh: '项目名称', en: 'Title' } },
    {
      key: 'members',
      type: 'table',
      label: { zh: '成员', en: 'Members' },
      minRows: 1,
      maxRows: 3,
      columns: [
        { key: 'name', type: 'text', label: { zh: '姓名', en: 'Name' }, required: true, maxLength: 4 },
        { key: 'phone', type: 'phone', label: { zh: '电话', en: 'Phone' } },
        { key: 'roles', type: 'multiSelect', label: { zh: '角色', en: 'Roles' }, options },
        { key: 'cv', type: 'attachment', label: { zh: '简历', en: 'CV' } },
        { key: 'score', type: 'indicator', label: { zh: '评分', en: 'Score' }, maxScore: 5 },
      ],
    },
  ],
};

const err = (path: string, code: string, message: string): FieldError => ({ path, code, message });

describe('validateFormData: tables', () => {
  const cases: [string, unknown, { ok: true; value: unknown } | FieldError[]][] = [
    [
      'accepts rows and drops absent cells',
      { members: [{ name: '李明', phone: '13812345678', roles: ['lead'], cv: [] }, { name: '王芳', phone: '', score: 4.5 }] },
      { ok: true, value: { members: [{ name: '李明', phone: '13812345678', roles: ['lead'] }, { name: '王芳', score: 4.5 }] } },
    ],
    ['names a bad cell by row and column', { members: [{ name: 'A' }, { name: 'B' }, { name: 'C', phone: '123' }] }, [err('members[2].phone', 'invalid_phone', 'Phone (Members, row 3) is not a valid phone number (an 11-digit mobile number, or a landline with its area code such as 010-12345678)')]],
    ['reports an unknown column key in its row', { members: [{ name: 'A' }, { name: 'B' }, { name: 'C', foo: 1 }] }, [err('members[2].foo', 'unknown_field', 'Unknown field "foo" in Members, row 3')]],
    ['ignores an unknown column key that is empty', { members: [{ name: 'A', foo: '' }] }, { ok: true, value: { members: [{ name: 'A' }] } }],
    ['requires required columns in each row', { members: [{ name: 'A' }, { phone: '13812345678' }] }, [err('members[1].name', 'required', 'Name (Members, row 2) is required')]],
    ['treats an empty cell as missing', { members: [{ name: '' }] }, [err('members[0].name', 'required', 'Name (Members, row 1) is required')]],
    ['reaches into a cell: a multi-select choice', { members: [{ name: 'A', roles: ['lead', 'boss'] }] }, [err('members[0].roles[1]', 'invalid_option', 'Roles (Members, row 1) must be one of the options')]],
    [
      'reaches into a cell: a file',
      { members: [{ name: 'A', cv: [{ id: 'f', name: 'cv.pdf', size: 1 }] }] },
      [err('members[0].cv[0]', 'invalid_type', 'CV (Members, row 1) must be a list of uploaded files (id, name, size, contentType)')],
    ],
    ['checks an indicator cell', { members: [{ name: 'A', score: 6 }] }, [err('members[0].score', 'too_big', 'Score (Members, row 1) must be at most 5')]],
    ['checks text length in a cell', { members: [{ name: 'ABCDE' }] }, [err('members[0].name', 'too_big', 'Name (Members, row 1) must be at most 4 characters long')]],
    ['rejects a row that is not an object', { members: [{ name: 'A' }, 'B'] }, [err('members[1]', 'invalid_type', 'Members must be a list of rows, each an object')]],
    ['rejects a table that is not a list', { members: { name: 'A' } }, [err('members', 'invalid_type', 'Members must be a list of rows, each an object')]],
    ['rejects more than maxRows', { members: [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }] }, [err('members', 'too_many_rows', 'Members must have at most 3 rows')]],
    [
      'reports cells row by row, then the row count',
      { members: [{ phone: 'x' }, { name: 'B', bar: 2 }, { name: 'C' }, { name: 'D', score: -1 }], extra: 1 },
      [
        err('members[0].name', 'required', 'Name (Members, row 1) is required'),
        err('members[0].phone', 'invalid_phone', 'Phone (Members, row 1) is not a valid phone number (an 11-digit mobile number, or a landline with its area code such as 010-12345678)'),
        err('members[1].bar', 'unknown_field', 'Unknown field "bar" in Members, row 2'),
        err('members[3].score', 'too_small', 'Score (Members, row 4) must be at least 0'),
        err('members', 'too_many_rows', 'Members must have at most 3 rows'),
        err('extra', 'unknown_field', 'Unknown field "extra"'),
      ],
    ],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    const result = validateFormData(form, data, { locale: 'en' });
    expect(result).toEqual(Array.isArray(expected) ? { ok: false, errors: expected } : expected);
  });

  it('counts minRows once the table has rows', () => {
    const twoRows: FormDefinition = { fields: [{ ...form.fields[1], minRows: 2 }] };
    expect(validateFormData(twoRows, { members: [{ name: 'A' }] }, { locale: 'en' })).toEqual({
      ok: false,
      errors: [err('members', 'too_few_rows', 'Members must have at least 2 rows')],
    });
    expect(validateFormData(twoRows, { members: [] }, { locale: 'en' })).toEqual({ ok: true, value: {} });
  });

  it('writes row messages in Chinese', () => {
    expect(validateFormData(form, { members: [{ name: '李明', phone: '1' }, { foo: 1 }] })).toEqual({
      ok: false,
      errors: [
        err('members[0].phone', 'invalid_phone', '「成员第 1 行的电话」不是有效的电话号码（11 位手机号，或带区号的固定电话，如 010-12345678）'),
        err('members[1].name', 'required', '「成员第 2 行的姓名」为必填项'),
        err('members[1].foo', 'unknown_field', '「成员」第 2 行中有未知字段「foo」'),
      ],
    });
  });

  it('a draft skips required cells but checks the rest', () => {
    expect(validateFormData(form, { members: [{ phone: '13812345678' }, { name: 'ABCDEF' }] }, { mode: 'draft', locale: 'en' })).toEqual({
      ok: false,
      errors: [err('members[1].name', 'too_big', 'Name (Members, row 2) must be at most 4 characters long')],
    });
  });

  it('does not change the rows it is given', () => {
    const data = { members: [{ name: 'A', phone: '' }] };
    validateFormData(form, data);
    expect(data).toEqual({ members: [{ name: 'A', phone: '' }] });
  });
});
