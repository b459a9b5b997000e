import { DateField, type DateFieldProps } from 'react-admin';
import { intlLocaleOf } from './format';
import { useUiLocale } from './useUiLocale';

/** A DateField that formats in the console's language rather than the browser's. */
export const LocaleDateField = (props: DateFieldProps) => {
  const locale = useUiLocale();
  return <DateField locales={intlLocaleOf(locale)} {...props} />;
};
