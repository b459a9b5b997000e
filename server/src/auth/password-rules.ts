import { text, type Text } from '../errors';

export const MIN_PASSWORD_LENGTH = 10;

export interface PasswordProblem {
  code: 'too_short' | 'same_as_email';
  message: Text;
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
