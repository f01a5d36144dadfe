// The configuration reference (docs/configuration.md), made from the parts' schemas so it cannot drift from what
// they parse: the type, default and whether a variable is required come from the zod schema, its meaning from the
// schema's description (`.describe()`), and whether it is a secret from `.meta({ secret: true })`.
import type { z } from 'zod';

/** One part's view of a variable. */
interface PartView {
  type: string;
  default: string | undefined;
  required: boolean;
}

/** What the reference says of a variable. */
export interface SettingReference {
  name: string;
  /** The parts reading it, in the order they were given. */
  parts: string[];
  /** Per group of parts that read it alike: type, default, required. */
  views: { parts: string[]; view: PartView }[];
  secret: boolean;
  description: string | undefined;
}

type Schema = z.ZodType;
/** The slice of zod 4's schema internals read here. */
interface NumberCheck {
  _zod: { def: { check: string; value?: number; inclusive?: boolean } };
}
interface Inspectable {
  def: { type: string; innerType?: Schema; in?: Schema; defaultValue?: unknown; checks?: NumberCheck[] };
  description?: string;
  meta(): Record<string, unknown> | undefined;
  format?: string | null;
  isInt?: boolean;
  options?: readonly unknown[];
}

const inspect = (schema: Schema): Inspectable => schema;

/** The schema and the wrappers around it (optional, default, the input side of a transform), outermost first. */
function* layers(schema: Schema): Generator<Inspectable> {
  let current: Schema | undefined = schema;
  while (current) {
    const s = inspect(current);
    yield s;
    current = s.def.innerType ?? s.def.in;
  }
}

/** A number's bounds from its checks; those `.int()` implies (the safe-integer range) go unsaid. */
function bounds(checks: readonly NumberCheck[]): string {
  let lo: string | undefined;
  let hi: string | undefined;
  for (const {
    _zod: { def },
  } of checks) {
    if (def.value === undefined || Math.abs(def.value) >= Number.MAX_SAFE_INTEGER) continue;
    if (def.check === 'greater_than') lo = `${def.inclusive ? '≥' : '>'} ${def.value}`;
    if (def.check === 'less_than') hi = `${def.inclusive ? '≤' : '<'} ${def.value}`;
  }
  if (lo?.startsWith('≥') && hi?.startsWith('≤')) return ` ${lo.slice(2)}–${hi.slice(2)}`;
  return [lo, hi]
    .filter(Boolean)
    .map((b) => ` ${b}`)
    .join(',');
}

/** The type as an operator writes it: the innermost schema's kind and its bounds. */
function typeOf(schema: Schema): string {
  const base = [...layers(schema)].at(-1)!;
  switch (base.def.type) {
    case 'string':
      return base.format === 'url' ? 'URL' : 'string';
    case 'number':
      return `${base.isInt ? 'integer' : 'number'}${bounds(base.def.checks ?? [])}`;
    case 'enum':
      return (base.options ?? []).map((o) => `\`${String(o)}\``).join(' | ');
    default:
      return base.def.type;
  }
}

function viewOf(schema: Schema): PartView {
  const withDefault = [...layers(schema)].find((s) => s.def.type === 'default');
  return {
    type: typeOf(schema),
    default: withDefault ? String(withDefault.def.defaultValue) : undefined,
    required: !schema.safeParse(undefined).success,
  };
}

/** The description and secrecy a schema (or one of its wrappers) carries. */
function docOf(schema: Schema): { description?: string; secret: boolean } {
  let description: string | undefined;
  let secret = false;
  for (const s of layers(schema)) {
    description ??= s.description;
    if (s.meta()?.secret === true) secret = true;
  }
  return { description, secret };
}

/**
 * Every variable of the given parts (a part's name → the shape it passes to defineConfig), sorted by name. A part
 * may narrow a shared setting (distributed parts require what standalone generates); the reference shows each
 * variant with the parts it belongs to.
 */
export function settingsReference(parts: Record<string, z.ZodRawShape>): SettingReference[] {
  const byName = new Map<string, SettingReference>();
  for (const [part, shape] of Object.entries(parts)) {
    for (const [name, field] of Object.entries(shape)) {
      const schema = field as Schema;
      const ref = byName.get(name) ?? { name, parts: [], views: [], secret: false, description: undefined };
      byName.set(name, ref);
      ref.parts.push(part);
      const view = viewOf(schema);
      const same = ref.views.find((v) => JSON.stringify(v.view) === JSON.stringify(view));
      if (same) same.parts.push(part);
      else ref.views.push({ parts: [part], view });
      const doc = docOf(schema);
      ref.description ??= doc.description;
      ref.secret ||= doc.secret;
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** A column's value: one value, or each value with the parts it holds for when they differ. */
function perPart(ref: SettingReference, value: (v: PartView) => string): string {
  const values = new Map<string, string[]>();
  for (const { parts, view } of ref.views) {
    values.set(value(view), [...(values.get(value(view)) ?? []), ...parts]);
  }
  if (values.size === 1) return [...values.keys()][0]!;
  return [...values].map(([v, parts]) => `${v} (${parts.join(', ')})`).join('; ');
}

/** docs/configuration.md: the table of every variable, preceded by how settings are given. */
export function configurationReferenceMarkdown(parts: Record<string, z.ZodRawShape>, intro: string): string {
  const rows = settingsReference(parts).map((ref) =>
    [
      `\`${ref.name}\``,
      ref.parts.length === Object.keys(parts).length ? 'all' : ref.parts.join(', '),
      perPart(ref, (v) => v.type),
      perPart(ref, (v) => (v.default === undefined ? '—' : `\`${v.default}\``)),
      perPart(ref, (v) => (v.required ? 'yes' : 'no')),
      ref.secret ? 'yes' : 'no',
      ref.description ?? '',
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    intro.trim(),
    '',
    '| variable | parts | type | default | required | secret | description |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
  ].join('\n');
}
