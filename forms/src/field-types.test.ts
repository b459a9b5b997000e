import { describe, expect, it } from 'vitest';
import type { AttachmentRef, FieldDefinition, FieldError, FormDefinition } from './types.js';
import { validateFormData } from './validate.js';

const label = { zh: '取值', en: 'Value' };
type Spec = Omit<FieldDefinition, 'key' | 'label'>;
const formOf = (spec: Spec): FormDefinition => ({ fields: [{ key: 'value', label, ...spec }] });
const error = (code: string, message: string, path = 'value'): FieldError => ({ path, code, message });

const pdf = (id: string, size = 1000): AttachmentRef => ({ id, name: `${id}.pdf`, size, contentType: 'application/pdf' });
const png: AttachmentRef = { id: 'p1', name: 'site.png', size: 2048, contentType: 'image/png' };

const EMAIL = (path = 'value') => error('invalid_email', 'Value is not a valid email address', path);
const PHONE = error('invalid_phone', 'Value is not a valid phone number (an 11-digit mobile number, or a landline with its area code such as 010-12345678)');
const URL_ERROR = error('invalid_url', 'Value is not a valid web address (starting with http:// or https://)');
const FILES = 'Value must be a list of uploaded files (id, name, size, contentType)';

const cases: [name: string, spec: Spec, value: unknown, errors: FieldError[]][] = [
  ['email accepts a plain address', { type: 'email' }, 'li.ming@county.gov.cn', []],
  ['email accepts plus and digits', { type: 'email' }, 'a+b.2024@x-y.io', []],
  ['email rejects a missing @', { type: 'email' }, 'li.ming.county.gov.cn', [EMAIL()]],
  ['email rejects a domain without a dot', { type: 'email' }, 'a@localhost', [EMAIL()]],
  ['email rejects a label starting with a hyphen', { type: 'email' }, 'a@-b.cn', [EMAIL()]],
  ['email rejects a leading dot', { type: 'email' }, '.li@x.cn', [EMAIL()]],
  ['email rejects a double dot', { type: 'email' }, 'li..ming@x.cn', [EMAIL()]],
  ['email accepts a 64-character local part', { type: 'email' }, `${'a'.repeat(64)}@x.cn`, []],
  ['email rejects a space', { type: 'email' }, 'li ming@x.cn', [EMAIL()]],
  ['email rejects a trailing space', { type: 'email' }, 'a@x.cn ', [EMAIL()]],
  ['email rejects two addresses', { type: 'email' }, 'a@x.cn,b@x.cn', [EMAIL()]],
  ['email rejects a local part over 64 characters', { type: 'email' }, `${'a'.repeat(65)}@x.cn`, [EMAIL()]],
  ['email rejects more than 254 characters', { type: 'email' }, `a@${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}.cn`, [EMAIL()]],
  ['email rejects a number', { type: 'email' }, 42, [error('invalid_type', 'Value must be text')]],

  ['phone accepts a mobile number', { type: 'phone' }, '13812345678', []],
  ['phone accepts +86 and a space', { type: 'phone' }, '+86 19912345678', []],
  ['phone accepts +86 without a space', { type: 'phone' }, '+8615012345678', []],
  ['phone accepts a landline with a hyphen', { type: 'phone' }, '010-12345678', []],
  ['phone accepts a 4-digit area code and 7 digits', { type: 'phone' }, '0571-8888666', []],
  ['phone accepts a landline without a hyphen', { type: 'phone' }, '02112345678', []],
  ['phone accepts +86 before a landline', { type: 'phone' }, '+86 0755-88889999', []],
  ['phone rejects a mobile number starting 12', { type: 'phone' }, '12812345678', [PHONE]],
  ['phone rejects 10 digits', { type: 'phone' }, '1381234567', [PHONE]],
  ['phone rejects 12 digits', { type: 'phone' }, '138123456789', [PHONE]],
  ['phone rejects a short landline', { type: 'phone' }, '010-123456', [PHONE]],
  ['phone rejects spaces inside the number', { type: 'phone' }, '138 1234 5678', [PHONE]],
  ['phone rejects two spaces after +86', { type: 'phone' }, '+86  13812345678', [PHONE]],
  ['phone rejects another country', { type: 'phone' }, '+1 2025550123', [PHONE]],
  ['phone rejects a number value', { type: 'phone' }, 13812345678, [error('invalid_type', 'Value must be text')]],

  ['url accepts https with a path', { type: 'url' }, 'https://www.gov.cn/zhengce/index.htm', []],
  ['url accepts an intranet host', { type: 'url' }, 'http://oa/login', []],
  ['url accepts any case, a port, a query and a fragment', { type: 'url' }, 'HTTPS://Example.COM:8443/a/b?c=d&e=%20#top', []],
  ['url accepts an IPv4 address', { type: 'url' }, 'http://192.168.1.10:8080/x', []],
  ['url accepts percent-encoded Chinese', { type: 'url' }, 'https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84', []],
  ['url accepts a query holding ? and /', { type: 'url' }, 'https://x.cn/a?next=/b?c#d?e', []],
  ['url rejects raw Chinese (browsers copy it encoded)', { type: 'url' }, 'https://例子.中国/路径', [URL_ERROR]],
  ['url rejects a broken escape', { type: 'url' }, 'https://x.cn/a%2', [URL_ERROR]],
  ['url rejects a second #', { type: 'url' }, 'https://x.cn/a#b#c', [URL_ERROR]],
  ['url rejects an IPv6 literal', { type: 'url' }, 'http://[::1]/', [URL_ERROR]],
  ['url rejects a host ending in a digit label', { type: 'url' }, 'http://x.123/', [URL_ERROR]],
  ['url rejects ftp', { type: 'url' }, 'ftp://files.gov.cn', [URL_ERROR]],
  ['url rejects a missing scheme', { type: 'url' }, 'www.gov.cn', [URL_ERROR]],
  ['url rejects a missing host', { type: 'url' }, 'https://', [URL_ERROR]],
  ['url rejects javascript:', { type: 'url' }, 'javascript:alert(1)', [URL_ERROR]],
  ['url rejects a space in the host', { type: 'url' }, 'http://a b.cn', [URL_ERROR]],
  ['url rejects a space in the path', { type: 'url' }, 'https://x.cn/a b', [URL_ERROR]],
  ['url rejects an impossible IPv4 address', { type: 'url' }, 'http://999.1.1.1/', [URL_ERROR]],
  ['url rejects port 0', { type: 'url' }, 'http://x.cn:0/', [URL_ERROR]],
  ['url rejects port 65536', { type: 'url' }, 'http://x.cn:65536/', [URL_ERROR]],
  ['url rejects a user and password', { type: 'url' }, 'http://user:pw@x.cn/', [URL_ERROR]],
  ['url rejects a host starting with a hyphen', { type: 'url' }, 'http://-x.cn/', [URL_ERROR]],
  ['url rejects more than 2048 characters', { type: 'url' }, `https://x.cn/${'a'.repeat(2036)}`, [URL_ERROR]],
  ['url accepts exactly 2048 characters', { type: 'url' }, `https://x.cn/${'a'.repeat(2035)}`, []],

  ['indicator accepts a fractional score', { type: 'indicator', maxScore: 10 }, 7.5, []],
  ['indicator accepts 0 and maxScore', { type: 'indicator', maxScore: 10 }, 10, []],
  ['indicator rejects a negative score', { type: 'indicator', maxScore: 10 }, -1, [error('too_small', 'Value must be at least 0')]],
  ['indicator rejects a score above maxScore', { type: 'indicator', maxScore: 10 }, 10.5, [error('too_big', 'Value must be at most 10')]],
  ['indicator rejects a numeric string', { type: 'indicator', maxScore: 10 }, '5', [error('invalid_type', 'Value must be a number (a score)')]],

  ['attachment accepts one file by default', { type: 'attachment' }, [pdf('f1')], []],
  ['attachment rejects a second file by default', { type: 'attachment' }, [pdf('f1'), pdf('f2')], [error('too_many_files', 'Value: attach at most 1 file')]],
  ['attachment accepts maxFiles files', { type: 'attachment', maxFiles: 3 }, [pdf('f1'), pdf('f2'), png], []],
  ['attachment rejects more than maxFiles', { type: 'attachment', maxFiles: 2 }, [pdf('f1'), pdf('f2'), png], [error('too_many_files', 'Value: attach at most 2 files')]],
  ['attachment rejects a single ref that is not in a list', { type: 'attachment' }, pdf('f1'), [error('invalid_type', FILES)]],
  ['attachment rejects a ref without a size', { type: 'attachment' }, [{ id: 'f1', name: 'a.pdf', contentType: 'application/pdf' }], [error('invalid_type', FILES, 'value[0]')]],
  ['attachment rejects a fractional size', { type: 'attachment' }, [{ ...pdf('f1'), size: 1.5 }], [error('invalid_type', FILES, 'value[0]')]],
  ['attachment rejects an empty id', { type: 'attachment' }, [{ ...pdf('f1'), id: '' }], [error('invalid_type', FILES, 'value[0]')]],
  ['attachment rejects an extra property', { type: 'attachment' }, [{ ...pdf('f1'), url: '/x' }], [error('invalid_type', FILES, 'value[0]')]],
  ['attachment rejects a malformed content type without accept', { type: 'attachment' }, [{ ...pdf('f1'), contentType: 'pdf' }], [error('invalid_type', FILES, 'value[0]')]],
  ['attachment rejects the same file twice', { type: 'attachment', maxFiles: 2 }, [pdf('f1'), pdf('f1')], [error('duplicate_file', 'Value lists the same file more than once', 'value[1]')]],
  ['attachment allows up to 10 MB by default', { type: 'attachment' }, [pdf('f1', 10 * 1024 * 1024)], []],
  ['attachment rejects more than 10 MB by default', { type: 'attachment' }, [pdf('f1', 10 * 1024 * 1024 + 1)], [error('file_too_large', 'Value: each file must be at most 10 MB', 'value[0]')]],
  ['attachment rejects a file above maxSizeBytes', { type: 'attachment', maxSizeBytes: 1536 }, [png], [error('file_too_large', 'Value: each file must be at most 1.5 KB', 'value[0]')]],
  ['attachment accepts a type under type/*', { type: 'attachment', accept: ['image/*'] }, [png], []],
  ['attachment accepts a type in any case, with parameters', { type: 'attachment', accept: ['application/pdf'] }, [{ ...pdf('f1'), contentType: 'Application/PDF; version=1.7' }], []],
  [
    'attachment rejects a type outside accept',
    { type: 'attachment', accept: ['image/*', 'application/pdf'], maxFiles: 2 },
    [png, { ...pdf('f1'), contentType: 'application/zip' }],
    [error('file_type', 'Value accepts only files of type image/*, application/pdf', 'value[1]')],
  ],
  [
    'attachment reports each file, then the count',
    { type: 'attachment', accept: ['image/*'], maxSizeBytes: 1024 },
    [png, pdf('f1', 10)],
    [
      error('file_too_large', 'Value: each file must be at most 1 KB', 'value[0]'),
      error('file_type', 'Value accepts only files of type image/*', 'value[1]'),
      error('too_many_files', 'Value: attach at most 1 file'),
    ],
  ],
];

describe('validateFormData: email, phone, url, indicator and attachment', () => {
  it.each(cases)('%s', (_name, spec, value, errors) => {
    const result = validateFormData(formOf(spec), { value }, { locale: 'en' });
    expect(result).toEqual(errors.length === 0 ? { ok: true, value: { value } } : { ok: false, errors });
  });
});

describe('validateFormData: the new types when required', () => {
  const specs: Spec[] = [
    { type: 'email' },
    { type: 'phone' },
    { type: 'url' },
    { type: 'indicator', maxScore: 5 },
    { type: 'attachment' },
    { type: 'table', columns: [{ key: 'name', type: 'text', label }] },
  ];

  it.each(specs.map((spec) => [spec.type, spec] as const))('required %s is reported when missing', (_type, spec) => {
    expect(validateFormData(formOf({ ...spec, required: true }), {}, { locale: 'en' })).toEqual({ ok: false, errors: [error('required', 'Value is required')] });
  });

  const lists: [string, Spec][] = [
    ['attachment', { type: 'attachment' }],
    ['table', { type: 'table', columns: [{ key: 'name', type: 'text', label }] }],
  ];
  it.each(lists)('an empty %s list is absent', (_type, spec) => {
    expect(validateFormData(formOf({ ...spec, required: true }), { value: [] }, { locale: 'en' })).toEqual({ ok: false, errors: [error('required', 'Value is required')] });
  });
});

describe('validateFormData: Chinese messages of the new codes', () => {
  const zhCases: [string, Spec, unknown, FieldError][] = [
    ['email', { type: 'email' }, 'x', error('invalid_email', '「取值」不是有效的电子邮件地址')],
    ['phone', { type: 'phone' }, '123', error('invalid_phone', '「取值」不是有效的电话号码（11 位手机号，或带区号的固定电话，如 010-12345678）')],
    ['url', { type: 'url' }, 'x', error('invalid_url', '「取值」不是有效的网址（以 http:// 或 https:// 开头）')],
    ['indicator type', { type: 'indicator', maxScore: 5 }, true, error('invalid_type', '「取值」必须是数字（得分）')],
    ['indicator bound', { type: 'indicator', maxScore: 5 }, 6, error('too_big', '「取值」不能大于 5')],
    ['file size', { type: 'attachment', maxSizeBytes: 1024 * 1024 }, [pdf('f', 2 * 1024 * 1024)], error('file_too_large', '「取值」的每个文件不能超过 1 MB', 'value[0]')],
    ['small file size', { type: 'attachment', maxSizeBytes: 1000 }, [pdf('f', 1001)], error('file_too_large', '「取值」的每个文件不能超过 1000 字节', 'value[0]')],
    ['file type', { type: 'attachment', accept: ['image/*'] }, [pdf('f')], error('file_type', '「取值」只接受以下类型的文件：image/*', 'value[0]')],
    ['file count', { type: 'attachment', maxFiles: 1 }, [pdf('f'), pdf('g')], error('too_many_files', '「取值」最多上传 1 个文件')],
    ['duplicate file', { type: 'attachment', maxFiles: 2 }, [pdf('f'), pdf('f')], error('duplicate_file', '「取值」中有重复的文件', 'value[1]')],
    ['attachment type', { type: 'attachment' }, 'f', error('invalid_type', '「取值」必须是已上传文件的列表（id、name、size、contentType）')],
    ['table type', { type: 'table', columns: [{ key: 'a', type: 'text', label }] }, { a: 'x' }, error('invalid_type', '「取值」必须是行的列表，每行一个对象')],
    ['too few rows', { type: 'table', minRows: 2, columns: [{ key: 'a', type: 'text', label }] }, [{ a: 'x' }], error('too_few_rows', '「取值」至少需要 2 行')],
    ['too many rows', { type: 'table', maxRows: 1, columns: [{ key: 'a', type: 'text', label }] }, [{}, {}], error('too_many_rows', '「取值」最多 1 行')],
  ];
  it.each(zhCases)('%s', (_name, spec, value, expected) => {
    expect(validateFormData(formOf(spec), { value })).toEqual({ ok: false, errors: [expected] });
  });
});
