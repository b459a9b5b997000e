import { UNIT_ROLES, type UnitRole } from '@phaseflow/workflows';
import { text, type Text } from '../errors';

/** Pure checks of organisation input, shared by the GraphQL mutations and the import. Each answers a problem or null. */

export interface Problem {
  code: string;
  message: Text;
}

const problem = (code: string, zh: string, en: string): Problem => ({ code, message: text(zh, en) });

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KIND = /^[A-Z][A-Z0-9_]{1,31}$/;
// Deliberately plain: one @, a dot in the domain, no spaces; the mail server has the last word.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,30}$/;

export function codeProblem(code: string): Problem | null {
  if (!code.trim()) return problem('required', '必填', 'is required');
  if (!CODE.test(code)) {
    return problem('bad_code', '须为 1 至 64 个字母、数字、“.”“_”或“-”，以字母或数字开头', 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return null;
}

export function kindKeyProblem(key: string): Problem | null {
  if (!KIND.test(key)) return problem('bad_kind', '须为 2 至 32 个大写字母、数字或“_”，以字母开头', 'must be 2 to 32 capital letters, digits or "_", starting with a letter');
  return null;
}

export function nameProblem(name: string, max = 255): Problem | null {
  if (!name.trim()) return problem('required', '必填', 'is required');
  if (name.length > max) return problem('too_long', `最多 ${max} 个字符`, `must be at most ${max} characters`);
  return null;
}

export function sortOrderProblem(value: number): Problem | null {
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000) return problem('bad_sort_order', '须为 0 至 1000000 的整数', 'must be a whole number from 0 to 1000000');
  return null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): Problem | null {
  if (!email.trim()) return problem('required', '必填', 'is required');
  if (email.length > 255 || !EMAIL.test(email.trim())) return problem('bad_email', '不是有效的邮箱地址', 'is not a valid email address');
  return null;
}

export function phoneProblem(phone: string): Problem | null {
  if (!PHONE.test(phone.trim())) return problem('bad_phone', '不是有效的电话号码', 'is not a valid phone number');
  return null;
}

/** A role as written in an import file or sent as `UnitRole` (ADMIN, operator ...), or null. */
export function parseRole(value: string): UnitRole | null {
  const role = value.trim().toLowerCase();
  return (UNIT_ROLES as readonly string[]).includes(role) ? (role as UnitRole) : null;
}

/** The codes of the ancestors of `code` in a parent map, nearest first; null when the chain loops. */
export function ancestorsOf(code: string, parentOf: ReadonlyMap<string, string | null>): string[] | null {
  const seen = new Set([code]);
  const chain: string[] = [];
  for (let parent = parentOf.get(code) ?? null; parent !== null; parent = parentOf.get(parent) ?? null) {
    if (seen.has(parent)) return null;
    seen.add(parent);
    chain.push(parent);
  }
  return chain;
}
