import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format';

describe('formatDateTime', () => {
  const endOfNovember = '2026-11-30T16:00:00.000Z'; // 2026-12-01 00:00 in Beijing

  it('shows an instant in the time zone given', () => {
    expect(formatDateTime(endOfNovember, 'en', 'Asia/Shanghai')).toBe('1 Dec 2026, 00:00');
    expect(formatDateTime(endOfNovember, 'zh', 'Asia/Shanghai')).toBe('2026年12月1日 00:00');
    expect(formatDateTime(endOfNovember, 'en', 'UTC')).toBe('30 Nov 2026, 16:00');
  });

  it('falls back to the browser’s zone for an unknown one, and shows nothing for no instant', () => {
    expect(formatDateTime(endOfNovember, 'en', 'Mars/Olympus')).toBe(formatDateTime(endOfNovember, 'en'));
    expect(formatDateTime(null, 'en', 'UTC')).toBe('');
  });
});
