import { describe, expect, it } from 'vitest';
import { assertPasswordAllowed, MIN_PASSWORD_LENGTH, passwordProblem, passwordProblems } from './password-rules';

describe('password rules', () => {
  it.each([
    ['correct horse', 'a@x.org', []],
    ['0123456789', 'a@x.org', []],
    ['长城长城长城长城长城长', 'a@x.org', []],
    ['012345678', 'a@x.org', ['too_short']],
    ['', 'a@x.org', ['too_short']],
    ['长城长城长城长城长', 'a@x.org', ['too_short']],
    ['phaseflow', 'a@x.org', ['too_short']],
    ['lead@phaseflow.local', 'lead@phaseflow.local', ['same_as_email']],
    ['LEAD@Phaseflow.local', ' lead@phaseflow.local ', ['same_as_email']],
    ['a@x.org', 'a@x.org', ['too_short', 'same_as_email']],
  ])('%j for %j: %j', (password, email, codes) => {
    expect(passwordProblems(password, email).map((problem) => problem.code)).toEqual(codes);
  });

  it('asks for at least 10 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
  });

  it('refuses with BAD_USER_INPUT naming the path, in both languages', () => {
    expect(() => assertPasswordAllowed('correct horse', 'a@x.org', 'newPassword')).not.toThrow();
    let error: { extensions: Record<string, unknown> } | undefined;
    try {
      assertPasswordAllowed('short', 'a@x.org', 'newPassword');
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error?.extensions.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions.fieldErrors).toEqual([
      {
        path: 'newPassword',
        code: 'too_short',
        message: 'must be at least 10 characters long',
        i18n: { zh: '密码至少需要 10 个字符', en: 'must be at least 10 characters long' },
      },
    ]);
  });
});

describe('password rules (first problem, the local part too)', () => {
  it.each([
    ['', 'a@b.cn', 'too_short'],
    ['123456789', 'a@b.cn', 'too_short'],
    ['密码密码密码密码密', 'a@b.cn', 'too_short'],
    ['zhang.wei@qs.gov.cn', 'zhang.wei@qs.gov.cn', 'same_as_email'],
    ['ZHANG.WEI@QS.GOV.CN', 'zhang.wei@qs.gov.cn', 'same_as_email'],
    ['zhangwei.longname', 'zhangwei.longname@qs.gov.cn', 'same_as_email'],
    ['1234567890', 'a@b.cn', null],
    ['密码密码密码密码密码', 'a@b.cn', null],
    ['zhang.wei@qs.gov.cn!', 'zhang.wei@qs.gov.cn', null],
    ['long enough pass', null, null],
  ])('%j for %j: %s', (password, email, code) => {
    expect(passwordProblem(password, email)?.code ?? null).toBe(code);
  });

  it('says it in both languages', () => {
    expect(passwordProblem('short', null)?.message).toEqual({ zh: '密码至少 10 个字符', en: 'must be at least 10 characters' });
  });
});
