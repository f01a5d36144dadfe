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
