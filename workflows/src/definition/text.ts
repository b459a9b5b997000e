import type { LocalizedText } from '@phaseflow/forms/runtime';

/** A message a person reads, in both languages; the API answers in the request's. */
export const text = (zh: string, en: string): LocalizedText => ({ zh, en });
