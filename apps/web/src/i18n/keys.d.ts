// Typed translation keys: t('…') and <Trans i18nKey="…"> accept only keys of the English catalogue.
import 'i18next';

import type { en } from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
