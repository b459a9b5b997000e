import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-rules';

describe('password rules', () => {
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
