import { badInput, text, type Text } from '../errors';

/** The shortest password accepted when a password is set or changed (older ones, such as the demo's, still sign in). */
export const MIN_PASSWORD_LENGTH = 10;

export interface PasswordProblem {
  code: 'too_short' | 'same_as_email';
  message: Text;
}

/** What is wrong with a new password for the account with this email; empty when it may be used. */
export function passwordProblems(password: string, email: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    problems.push({
      code: 'too_short',
      message: text(`密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, `must be at least ${MIN_PASSWORD_LENGTH} characters long`),
    });
  }
  const normalizedEmail = email.trim().toLowerCase();
  if (normalizedEmail !== '' && password.trim().toLowerCase() === normalizedEmail) {
    problems.push({ code: 'same_as_email', message: text('密码不能与邮箱相同', 'must not be the email address') });
  }
  return problems;
}

/** Throws BAD_USER_INPUT naming every problem at `path` (e.g. `newPassword`, `input.password`) when the password may not be used. */
export function assertPasswordAllowed(password: string, email: string, path: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length === 0) return;
  throw badInput(
    text(`${path}：${problems.map((p) => p.message.zh).join('；')}`, `${path}: ${problems.map((p) => p.message.en).join('; ')}`),
    problems.map((problem) => ({ path, message: problem.message.en, code: problem.code, i18n: problem.message })),
  );
}

/**
 * What is wrong with a new password, or null: at least 10 characters (counted as the user sees
 * them), and not the account's email in any case. Shared by user creation, resets and changes.
 */
export function passwordProblem(password: string, email: string | null): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return { code: 'too_short', message: text(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, `must be at least ${MIN_PASSWORD_LENGTH} characters`) };
  }
  const normalized = password.trim().toLowerCase();
  const mail = (email ?? '').trim().toLowerCase();
  if (mail && (normalized === mail || normalized === mail.split('@')[0])) {
    return { code: 'same_as_email', message: text('密码不能与邮箱相同', 'must not be the email address') };
  }
  return null;
}
