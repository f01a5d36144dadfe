// The building blocks of fuzz inputs, as fast-check arbitraries: valid xAPI values (xAPI 2.0 Data
// §2.4 and 1.0.3 Data §2.4, the shapes of libs/xapi's fixtures), the values that break one Data rule
// each (bad IRIs, mboxes, language maps, durations, timestamps, UUIDs, scores), and hostile values
// (NUL, lone surrogates, huge strings, deep nesting) that no rule should meet unprepared.
import fc from 'fast-check';

/** The learner the fuzz run links to a person: statements about her exercise self access. */
export const LEARNER_MBOX = 'mailto:fuzz-learner@example.org';

/**
 * Deep nesting is written into the JSON text at serialisation time (see `toJson`): building a
 * 20,000-level value would overflow this process's own JSON.stringify before it reached the server.
 */
export const DEEP = '\u0000fuzz-deep\u0000';
export interface Deep {
  [DEEP]: { depth: number; open: '[' | '{"a":' };
}
const deep = (depth: number, open: '[' | '{"a":'): Deep => ({ [DEEP]: { depth, open } });

/** A string of `length` characters, written at serialisation time for the same reason as Deep. */
export const HUGE = '\u0000fuzz-huge\u0000';
export interface Huge {
  [HUGE]: { length: number; char: string; prefix: string };
}
const huge = (length: number, char: string, prefix = ''): Huge => ({ [HUGE]: { length, char, prefix } });
const isPlaceholder = (v: object): boolean => DEEP in v || HUGE in v;

const iriStart = fc.constantFrom(
  'http://example.org/',
  'https://example.com/xapi/',
  'urn:example:',
  'http://adlnet.gov/expapi/verbs/',
  'https://w3id.org/xapi/',
);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9/-]{0,20}$/);

export const validIri = fc.tuple(iriStart, slug).map(([a, b]) => a + b);
export const validUuid = fc.uuid({ version: [4] });
const mbox = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,12}$/), fc.constantFrom('example.org', 'example.com'))
  .map(([user, host]) => `mailto:${user}@${host}`);
const langTag = fc.constantFrom('en', 'en-US', 'es', 'fr-CA', 'zh-Hans-CN', 'und', 'de-1996');
const shortText = fc.string({ maxLength: 40 });
export const languageMap = fc.dictionary(langTag, shortText, { minKeys: 1, maxKeys: 3 });
export const timestamp = fc
  .date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());
const duration = fc.constantFrom('PT1M30.25S', 'P1D', 'PT0S', 'P3Y6M4DT12H30M5S', 'PT1H', 'P1W');

/** Extension values (Data §2.4.6.3: any JSON); a few shapes, cheap to draw. */
const extensions = fc.dictionary(
  validIri,
  fc.constantFrom<unknown>(1, 'x', true, null, [], { level: 3, tags: ['a', null] }, [1.5, 'é']),
  { maxKeys: 2 },
);

const account = fc.record({ homePage: validIri, name: fc.stringMatching(/^[\w.-]{1,20}$/) });
/** An Inverse Functional Identifier (Data §2.4.2.3): exactly one of mbox, mbox_sha1sum, openid, account. */
const ifi = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(mbox, fc.constant(LEARNER_MBOX)).map((m) => ({ mbox: m })) },
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[0-9a-f]{40}$/).map((h) => ({ mbox_sha1sum: h })),
  },
  { weight: 1, arbitrary: validIri.map((o) => ({ openid: o })) },
  { weight: 2, arbitrary: account.map((a) => ({ account: a })) },
);
export const agent = fc
  .tuple(ifi, fc.option(shortText, { nil: undefined }), fc.boolean())
  .map(([id, name, typed]) => ({ ...(typed && { objectType: 'Agent' }), ...(name && { name }), ...id }));
const group = fc
  .tuple(fc.option(ifi, { nil: undefined }), fc.array(agent, { minLength: 1, maxLength: 3 }))
  .map(([id, member]) => ({ objectType: 'Group', ...id, member }));
const actor = fc.oneof({ weight: 5, arbitrary: agent }, { weight: 1, arbitrary: group });

const verb = fc
  .tuple(validIri, fc.option(languageMap, { nil: undefined }))
  .map(([id, display]) => ({ id, ...(display && { display }) }));

const definition = fc
  .record(
    {
      name: languageMap,
      description: languageMap,
      type: validIri,
      moreInfo: validIri,
      extensions: extensions,
    },
    { requiredKeys: [] },
  )
  .chain((d) =>
    fc.boolean().map((interaction) =>
      interaction
        ? {
            ...d,
            interactionType: 'choice',
            correctResponsesPattern: ['a[,]b'],
            choices: [
              { id: 'a', description: { en: 'A' } },
              { id: 'b', description: { en: 'B' } },
            ],
          }
        : d,
    ),
  );
export const activity = fc
  .tuple(validIri, fc.option(definition, { nil: undefined }), fc.boolean())
  .map(([id, def, typed]) => ({
    ...(typed && { objectType: 'Activity' }),
    id,
    ...(def && { definition: def }),
  }));

const score = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => {
  const [min, max] = a <= b ? [a, b] : [b, a];
  return { scaled: max === 0 ? 0 : min / max, raw: min, min: 0, max };
});
const result = fc.record(
  {
    score,
    success: fc.boolean(),
    completion: fc.boolean(),
    response: shortText,
    duration,
    extensions: extensions,
  },
  { requiredKeys: [] },
);
const activityRef = validIri.map((id) => ({ id }));
const contextActivities = fc.record(
  {
    parent: fc.array(activityRef, { minLength: 1, maxLength: 2 }),
    grouping: activityRef,
    category: fc.array(activityRef, { minLength: 1, maxLength: 2 }),
    other: fc.array(activityRef, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const context = fc.record(
  {
    registration: validUuid,
    instructor: agent,
    team: group,
    contextActivities,
    revision: shortText,
    platform: shortText,
    language: langTag,
    statement: validUuid.map((id) => ({ objectType: 'StatementRef', id })),
    extensions: extensions,
  },
  { requiredKeys: [] },
);
const attachment = fc.record({
  usageType: validIri,
  display: languageMap,
  contentType: fc.constantFrom('text/plain', 'application/pdf', 'image/png'),
  length: fc.nat({ max: 10_000 }),
  sha2: fc.stringMatching(/^[0-9a-f]{64}$/),
  fileUrl: validIri,
});

const statementCore = {
  actor,
  verb,
  result,
  context,
  timestamp,
};
const subStatement = fc
  .record(
    { ...statementCore, object: fc.oneof(activity, agent) },
    { requiredKeys: ['actor', 'verb', 'object'] },
  )
  .map((s) => ({ objectType: 'SubStatement', ...s }));

/** A statement that follows every Data rule (or so close that the exceptions are rare and harmless). */
export const validStatement = fc.record(
  {
    id: validUuid,
    ...statementCore,
    object: fc.oneof(
      { weight: 6, arbitrary: activity },
      { weight: 1, arbitrary: agent },
      { weight: 1, arbitrary: validUuid.map((id) => ({ objectType: 'StatementRef', id })) },
      { weight: 2, arbitrary: subStatement },
    ),
    attachments: fc.array(attachment, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['id', 'actor', 'verb', 'object'] },
);

/** Values that break a Data rule wherever a typed value is expected. */
const ruleBreakers = fc.constantFrom<unknown>(
  // IRIs (Data §4.1.2 / RFC 3987)
  'not an iri',
  'http://',
  ' http://example.org/x',
  'example.org/no-scheme',
  'javascript:alert(1)',
  'http://exa mple.org/',
  'urn:',
  '://',
  'http://例え.jp/パス',
  // mbox (Data §2.4.2.3)
  'ann@example.org',
  'mailto:',
  'mailto:a@b@c',
  'MAILTO:ANN@EXAMPLE.ORG',
  // UUIDs
  'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5',
  '00000000-0000-0000-0000-000000000000',
  'g1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  '{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}',
  // timestamps and durations (ISO 8601)
  '2024-13-01T00:00:00Z',
  '2024-02-30T10:00:00Z',
  '2024-05-01T10:15:30',
  '2024-05-01 10:15:30Z',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:60Z',
  'P',
  'PT',
  'P1.5Y',
  'PT-1S',
  'P1W2D',
  // versions, object types, interaction types
  '3.0.0',
  '1.0.99',
  'agent',
  'StatementRef',
  'SubStatement',
  'Group',
  'Activity',
  'choice',
  'unknownInteraction',
  // language maps
  { 'not a tag!': 'x' },
  { '': 'empty tag' },
  { en: 5 },
  { en: null },
  {},
  // scores (Data §2.4.5.1)
  { scaled: 1.5 },
  { scaled: -1.0001 },
  { raw: 11, min: 0, max: 10 },
  { min: 10, max: 1 },
  // numbers JSON can hold but types cannot
  0,
  -0,
  1e308,
  -1e308,
  1.5,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  [],
  [null],
  {},
);

/** Strings that break text handling: NUL, lone surrogates, control and format characters, huge. */
const hostileStrings = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'mailto:a\u0000@example.org',
    'http://example.org/\u0000',
    '\ud800',
    'x\udfffy',
    '\ud83d',
    '\u202e\u200b\ufeff',
    '\u0085\u2028\u2029',
    '𝓤𝓷𝓲𝓬𝓸𝓭𝓮 👩‍👩‍👧‍👦',
    '%00%ff',
    "'; DROP TABLE statement; --",
    '$where',
    '\\u0000',
    '..\\..\\etc\\passwd',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Rare, large values: kept rare so a 100,000-input run stays within minutes. */
const giants = fc.oneof(
  fc.integer({ min: 1_000, max: 30_000 }).map((d) => deep(d, '[')),
  fc.integer({ min: 1_000, max: 30_000 }).map((d) => deep(d, '{"a":')),
  fc.integer({ min: 8_000, max: 2_100_000 }).map((n) => huge(n, 'a', 'http://example.org/')),
  fc.integer({ min: 8_000, max: 300_000 }).map((n) => huge(n, 'é')),
  fc.integer({ min: 8_000, max: 300_000 }).map((n) => huge(n, '\u0000')),
);

/** Any value a hostile client could put where a statement property goes; giants about 1 in 300. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 120, arbitrary: ruleBreakers },
  { weight: 60, arbitrary: hostileStrings },
  { weight: 40, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 30, arbitrary: validIri },
  { weight: 20, arbitrary: fc.array(hostileStrings, { maxLength: 3 }) },
  { weight: 10, arbitrary: fc.integer({ min: 3, max: 120 }).map((d) => deep(d, '[')) },
  { weight: 1, arbitrary: giants },
);

/** Keys a statement does not define, and keys that exist in other objects. */
const strayKey = fc.oneof(
  fc.constantFrom(
    'objectType',
    'id',
    'member',
    'mbox',
    'account',
    'definition',
    'extensions',
    'version',
    'authority',
    'stored',
    'statement',
    'contextAgents',
    'contextGroups',
    '__proto__',
    'constructor',
    '',
    '\u0000',
    'a.b',
  ),
  fc.string({ maxLength: 10 }),
);

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object' && !isPlaceholder(value)) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  if (prefix.length > 0) out.push(prefix);
  return out;
}

export interface Mutation {
  at: number;
  op: 'replace' | 'remove' | 'add' | 'wrap';
  key: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'replace', 'replace', 'remove', 'add', 'wrap'),
  key: strayKey,
  value: hostileValue,
});

/** Applies mutations to a copy of `base`; each picks a path of the value by index (deterministic). */
export function mutate(base: unknown, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(base);
  for (const drawn of mutations) {
    // fast-check hands out the same constant objects again: mutate copies only, or later inputs change.
    const m = { ...drawn, value: structuredClone(drawn.value) };
    const paths = pathsOf(root);
    const path = paths.length > 0 ? paths[m.at % paths.length]! : [];
    if (path.length === 0) {
      root = m.op === 'remove' ? undefined : m.value;
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    switch (m.op) {
      case 'replace':
        parent[last] = m.value;
        break;
      case 'remove':
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case 'add': {
        const target = parent[last];
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
          Object.defineProperty(target, m.key, {
            value: m.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else parent[last] = { [m.key]: m.value };
        break;
      }
      case 'wrap':
        parent[last] = [parent[last]];
        break;
    }
  }
  return root;
}

/**
 * JSON text of a value that may hold Deep and Huge placeholders. JSON.stringify escapes lone
 * surrogates (\udXXX), so they reach the server as JSON escapes, as a hostile client would send them.
 */
export function toJson(value: unknown): string {
  const fills: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && isPlaceholder(v)) {
      fills.push(DEEP in v ? fillDeep((v as Deep)[DEEP]) : fillHuge((v as Huge)[HUGE]));
      return `${DEEP}${fills.length - 1}`;
    }
    return v;
  });
  if (text === undefined) return '';
  if (fills.length === 0) return text;
  const marker = JSON.stringify(DEEP).slice(1, -1);
  return text.replace(
    new RegExp(`"${escapeRegExp(marker)}(\\d+)"`, 'g'),
    (_m, i: string) => fills[Number(i)]!,
  );
}

const fillDeep = ({ depth, open }: Deep[typeof DEEP]): string =>
  open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth);
const fillHuge = ({ length, char, prefix }: Huge[typeof HUGE]): string =>
  JSON.stringify(prefix + char.repeat(Math.max(0, length - prefix.length)));
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
