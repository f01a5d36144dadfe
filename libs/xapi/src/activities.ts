// xAPI 2.0 Data §2.4.4.1 (Activity) and Communication §2.5 (Activities resource): every place a
// statement carries an Activity with a definition, so the LRS can keep a canonical definition.
import { normalizeContextActivities } from './normalize.js';
import type { Activity, ActivityDefinition, Context, Statement, SubStatement } from './types.js';

const isActivityObject = (o: unknown): o is Activity =>
  typeof o === 'object' &&
  o !== null &&
  ((o as { objectType?: string }).objectType ?? 'Activity') === 'Activity' &&
  typeof (o as { id?: unknown }).id === 'string';

function fromContext(context: Context | undefined, out: Activity[]): void {
  if (!context?.contextActivities) return;
  for (const list of Object.values(normalizeContextActivities(context.contextActivities))) {
    for (const activity of list ?? []) out.push(activity);
  }
}

/** Activities of a statement (object, context activities, and those of a SubStatement) that carry a definition. */
export function definedActivitiesOf(statement: Statement): { id: string; definition: ActivityDefinition }[] {
  const found: Activity[] = [];
  const visit = (s: Statement | SubStatement) => {
    if (isActivityObject(s.object)) found.push(s.object);
    fromContext(s.context, found);
  };
  visit(statement);
  if ((statement.object as { objectType?: string }).objectType === 'SubStatement') {
    visit(statement.object as SubStatement);
  }
  return found
    .filter((a): a is Activity & { definition: ActivityDefinition } => a.definition !== undefined)
    .map((a) => ({ id: a.id, definition: a.definition }));
}

const LANGUAGE_MAPS = ['name', 'description'] as const;

/**
 * The canonical definition after `newer` arrives: its properties replace older ones, except that
 * language maps are merged so every language the LRS has seen is kept (Communication §2.5: the
 * Activity Object holds all available information from the statements that target it).
 * storage's SQL merge of stored definitions applies the same rule.
 */
export function mergeActivityDefinitions(
  older: ActivityDefinition,
  newer: ActivityDefinition,
): ActivityDefinition {
  const merged: ActivityDefinition = { ...older, ...newer };
  for (const key of LANGUAGE_MAPS) {
    if (older[key] || newer[key]) merged[key] = { ...older[key], ...newer[key] };
  }
  return merged;
}

/** One definition per Activity id, merged in statement order. */
export function mergeDefinedActivities(
  activities: readonly { id: string; definition: ActivityDefinition }[],
): { id: string; definition: ActivityDefinition }[] {
  const byId = new Map<string, ActivityDefinition>();
  for (const { id, definition } of activities) {
    const seen = byId.get(id);
    byId.set(id, seen ? mergeActivityDefinitions(seen, definition) : definition);
  }
  return [...byId].map(([id, definition]) => ({ id, definition }));
}

/**
 * The definition the LRS serves a caller (Communication §2.5; who may be told what: docs/access-model.md
 * "Activity definitions"): the definitions carried by the statements the caller may read, merged oldest first,
 * with the canonical definition that `define` clients wrote on top, since only they may (re)define an Activity.
 * `undefined` when there is neither.
 */
export function servedActivityDefinition(
  carried: readonly ActivityDefinition[],
  canonical: ActivityDefinition | undefined,
): ActivityDefinition | undefined {
  const all = canonical === undefined ? carried : [...carried, canonical];
  if (all.length === 0) return undefined;
  return all.reduce((older, newer) => mergeActivityDefinitions(older, newer));
}
