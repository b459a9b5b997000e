import { useLocaleState } from 'react-admin';
import { asUiLocale, type UiLocale } from '../i18n/i18n-provider';

export const useUiLocale = (): UiLocale => {
  const [locale] = useLocaleState();
  return asUiLocale(locale);
};
