// A statement about the learner as the parts of a sentence people read ("You completed Unit 3 on
// 4 Dec 2026, score 80 %"): which sentence (by the verb), the activity's name in the chosen
// language, the date and the score formatted for the locale. Pure, so it is tested without a page.
import type { LanguageMap, Statement } from '../api/xapi';

/** ADL verbs with a sentence of their own in every catalogue (records.verb.*). */
const KNOWN_VERBS = [
  'completed',
  'passed',
  'failed',
  'attempted',
  'experienced',
  'answered',
  'launched',
  'initialized',
  'terminated',
  'progressed',
  'scored',
  'registered',
  'attended',
  'commented',
  'mastered',
  'interacted',
  'resumed',
  'suspended',
  'shared',
] as const;
export type KnownVerb = (typeof KNOWN_VERBS)[number];

const ADL_VERB = /^https?:\/\/(?:adlnet\.gov\/expapi\/verbs|w3id\.org\/xapi\/adl\/verbs)\/([a-z-]+)$/;

export interface SentenceParts {
  /** The records.verb.* key: a known verb, or `other` (which shows `verb`). */
  verbKey: KnownVerb | 'other';
  /** The verb's display name in the language (for `other`). */
  verb: string;
  /** The activity's name in the language; undefined when it has none (the page says so). */
  activity: string | undefined;
  /** What the object is when it is not an activity. */
  objectKind: 'activity' | 'agent' | 'statement';
  /** When it happened (timestamp, else stored), ISO 8601. */
  at: string | undefined;
  date: string | undefined;
  score: string | undefined;
  /** A percentage (80 %) or points (7): Spanish says "del 80 %" but "de 7". */
  scoreKind: 'percent' | 'points';
}

/**
 * The entry of a language map for `language`: the exact tag, a regional variant (es-ES), then
 * English, then an undetermined-language entry, then any entry.
 */
export function pickLanguage(map: LanguageMap | undefined, language: string): string | undefined {
  if (!map) return undefined;
  const entries = Object.entries(map);
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  return (
    entries.find(([tag]) => tag.toLowerCase() === language)?.[1] ??
    entries.find(([tag]) => base(tag) === language)?.[1] ??
    entries.find(([tag]) => base(tag) === 'en')?.[1] ??
    entries.find(([tag]) => tag === 'und')?.[1] ??
    entries[0]?.[1]
  );
}

/** The last path segment of an IRI, readable when a verb has no display name at all. */
function lastSegment(iri: string): string {
  return decodeURIComponent(
    iri
      .replace(/[/#]+$/, '')
      .split(/[/#]/)
      .pop() ?? iri,
  );
}

function scoreOf(statement: Statement, locale: string): Pick<SentenceParts, 'score' | 'scoreKind'> {
  const score = statement.result?.score;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  if (score?.scaled !== undefined) return { score: percent.format(score.scaled), scoreKind: 'percent' };
  if (score?.raw !== undefined && score.max !== undefined && score.max > (score.min ?? 0)) {
    const min = score.min ?? 0;
    return { score: percent.format((score.raw - min) / (score.max - min)), scoreKind: 'percent' };
  }
  if (score?.raw !== undefined) {
    return { score: new Intl.NumberFormat(locale).format(score.raw), scoreKind: 'points' };
  }
  return { score: undefined, scoreKind: 'points' };
}

export function sentenceParts(statement: Statement, language: string, locale: string): SentenceParts {
  const adl = ADL_VERB.exec(statement.verb.id)?.[1];
  const verbKey = (KNOWN_VERBS as readonly string[]).includes(adl ?? '') ? (adl as KnownVerb) : 'other';
  const object = statement.object;
  const objectKind =
    object.objectType === 'Agent' || object.objectType === 'Group'
      ? 'agent'
      : object.objectType === 'StatementRef' || object.objectType === 'SubStatement'
        ? 'statement'
        : 'activity';
  const activity =
    objectKind === 'activity' ? (pickLanguage(object.definition?.name, language) ?? object.id) : object.name;
  const at = statement.timestamp ?? statement.stored;
  const date = at ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(at)) : undefined;
  return {
    verbKey,
    verb: pickLanguage(statement.verb.display, language) ?? lastSegment(statement.verb.id),
    activity,
    objectKind,
    at,
    date,
    ...scoreOf(statement, locale),
  };
}
