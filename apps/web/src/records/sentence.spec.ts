import { describe, expect, it } from 'vitest';

import type { Statement } from '../api/xapi';
import { pickLanguage, sentenceParts } from './sentence';

const unit3: Statement = {
  id: 'a',
  timestamp: '2026-12-04T10:00:00Z',
  verb: {
    id: 'http://adlnet.gov/expapi/verbs/completed',
    display: { 'en-US': 'completed', es: 'completado' },
  },
  object: { id: 'https://lms.example/u3', definition: { name: { 'en-GB': 'Unit 3', 'es-ES': 'Unidad 3' } } },
  result: { score: { scaled: 0.8 } },
};

describe('a statement as a sentence', () => {
  it('uses the known verb, the activity name in the language, the date and score for the locale', () => {
    expect(sentenceParts(unit3, 'en', 'en-GB')).toMatchObject({
      verbKey: 'completed',
      activity: 'Unit 3',
      date: '4 Dec 2026',
      score: '80%',
    });
    expect(sentenceParts(unit3, 'es', 'es-ES')).toMatchObject({
      activity: 'Unidad 3',
      date: '4 dic 2026',
      score: '80\u00a0%', // Spanish puts a no-break space before %
    });
  });

  it('falls back to the display name of an unknown verb, and to English, then any name', () => {
    const s: Statement = {
      ...unit3,
      verb: { id: 'https://example.org/verbs/baked', display: { 'en-US': 'baked' } },
      object: { id: 'https://example.org/cake', definition: { name: { fr: 'Gâteau' } } },
      result: { score: { raw: 7, min: 0, max: 10 } },
    };
    expect(sentenceParts(s, 'es', 'es')).toMatchObject({
      verbKey: 'other',
      verb: 'baked',
      activity: 'Gâteau',
      score: '70\u00a0%',
    });
  });

  it('names an activity without a name by its id, and a verb without display by its last segment', () => {
    const s: Statement = {
      id: 'b',
      verb: { id: 'https://example.org/verbs/rated' },
      object: { id: 'urn:x:1' },
    };
    expect(sentenceParts(s, 'en', 'en')).toMatchObject({
      verb: 'rated',
      activity: 'urn:x:1',
      date: undefined,
    });
  });

  it('prefers the exact tag, then a regional variant, then English', () => {
    expect(pickLanguage({ 'es-MX': 'mx', es: 'es', en: 'en' }, 'es')).toBe('es');
    expect(pickLanguage({ 'es-MX': 'mx', en: 'en' }, 'es')).toBe('mx');
    expect(pickLanguage({ de: 'de', 'en-US': 'en' }, 'es')).toBe('en');
    expect(pickLanguage(undefined, 'es')).toBeUndefined();
  });
});
