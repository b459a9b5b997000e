import chineseMessages from '@haxqer/ra-language-chinese';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import { en } from './en';
import { zh, zhReactAdmin5 } from './zh';

export type UiLocale = 'zh' | 'en';

export const DEFAULT_LOCALE: UiLocale = 'zh';

type Tree = { [key: string]: unknown };

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

const deepMerge = (base: Tree, ...overrides: Tree[]): Tree =>
  overrides.reduce<Tree>((merged, override) => {
    const result: Tree = { ...merged };
    for (const [key, value] of Object.entries(override)) {
      const current = result[key];
      result[key] = isTree(current) && isTree(value) ? deepMerge(current, value) : value;
    }
    return result;
  }, base);

const englishTree = englishMessages as unknown as Tree;

// The Chinese pack is CommonJS with `exports.default`; in a `type: module` package the bundler hands the
// default import over as the whole `exports` object, elsewhere (the dev server) as the messages themselves.
const chineseTree = (
  'ra' in chineseMessages ? chineseMessages : (chineseMessages as unknown as { default: TranslationMessages }).default
) as unknown as Tree;

// The Chinese pack targets react-admin 4: laying it over English keeps v5-only keys readable.
const messages: Record<UiLocale, TranslationMessages> = {
  zh: deepMerge(englishTree, chineseTree, zhReactAdmin5, zh) as unknown as TranslationMessages,
  en: deepMerge(englishTree, en) as unknown as TranslationMessages,
};

export const asUiLocale = (locale: string | undefined): UiLocale => (locale === 'en' ? 'en' : 'zh');

export const LANGUAGES = [
  { locale: 'zh', name: '中文' },
  { locale: 'en', name: 'English' },
];

/** zh by default; `onLocaleChange` lets cached data in the old language be refetched. */
export const createI18nProvider = (onLocaleChange: (locale: UiLocale) => void): I18nProvider => {
  const polyglot = polyglotI18nProvider((locale) => messages[asUiLocale(locale)], DEFAULT_LOCALE, LANGUAGES, {
    allowMissing: true,
  });
  return {
    ...polyglot,
    changeLocale: async (locale, options) => {
      await polyglot.changeLocale(locale, options);
      onLocaleChange(asUiLocale(locale));
    },
  };
};
