// Languages: the browser's first supported language, or the one the person chose (remembered in
// localStorage — only the language, nothing about them). Dates and numbers are formatted with Intl
// in the chosen language, in the browser's regional variant of it when it has one (en-GB: 4 Dec 2026).
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

import { en } from './en';
import { es } from './es';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const i18n = i18next.createInstance();

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, es: { translation: es } },
    supportedLngs: LANGUAGES,
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: 'custos.language',
      caches: ['localStorage'],
    },
    react: { transKeepBasicHtmlNodesFor: [] },
  });

/** The chosen language: `en` or `es`. */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? 'en';
  return (LANGUAGES as readonly string[]).includes(lng) ? (lng as Language) : 'en';
}

/** The locale for Intl: the browser's own variant of the chosen language (en-GB), else the language. */
export function formatLocale(language: Language = currentLanguage()): string {
  const variant = navigator.languages.find((l) => l.toLowerCase().split('-')[0] === language);
  return variant ?? language;
}

function reflectLanguage(): void {
  document.documentElement.lang = currentLanguage();
}
i18n.on('languageChanged', reflectLanguage);
// The catalogues are bundled, so init above has already finished: reflect the detected language now.
reflectLanguage();
