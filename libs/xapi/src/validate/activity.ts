// xAPI 1.0.3 Data §2.4.4.1 (Activity, Activity Definition, Interaction Activities, Interaction Components)
// and IEEE 9274.1.1 §4.2.2.3 — Activities wherever they appear: statement object, SubStatement object and
// contextActivities.

import { checkShape, child, expectObject, field, show, type Report } from './report.js';
import { checkArray, checkExtensions, checkIri, checkIrl, checkLanguageMap, checkString } from './values.js';

export const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
] as const;

const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

// Which interaction component lists each interactionType supports (§2.4.4.1 "Interaction Components").
const LISTS_BY_TYPE: Record<string, readonly string[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};

const DEFINITION_KEYS = [
  'name',
  'description',
  'type',
  'moreInfo',
  'interactionType',
  'correctResponsesPattern',
  ...COMPONENT_LISTS,
  'extensions',
];

export function checkActivity(value: unknown, path: string, report: Report, what = 'an Activity'): void {
  if (!expectObject(value, path, report, what)) return;
  checkShape(value, path, report, what, { allowed: ['objectType', 'id', 'definition'], required: ['id'] });
  const objectType = field(value, 'objectType');
  if (objectType !== undefined && objectType !== 'Activity') {
    report.add(
      child(path, 'objectType'),
      `objectType of an Activity must be "Activity"; got ${show(objectType)}`,
    );
  }
  const id = field(value, 'id');
  if (id !== undefined) checkIri(id, child(path, 'id'), report, 'Activity id');
  const definition = field(value, 'definition');
  if (definition !== undefined) checkDefinition(definition, child(path, 'definition'), report);
}

function checkDefinition(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'definition')) return;
  checkShape(value, path, report, 'an Activity Definition', { allowed: DEFINITION_KEYS });

  const name = field(value, 'name');
  if (name !== undefined) checkLanguageMap(name, child(path, 'name'), report, 'definition.name');
  const description = field(value, 'description');
  if (description !== undefined) {
    checkLanguageMap(description, child(path, 'description'), report, 'definition.description');
  }
  const type = field(value, 'type');
  if (type !== undefined) checkIri(type, child(path, 'type'), report, 'definition.type');
  const moreInfo = field(value, 'moreInfo');
  if (moreInfo !== undefined) checkIrl(moreInfo, child(path, 'moreInfo'), report, 'definition.moreInfo');
  const extensions = field(value, 'extensions');
  if (extensions !== undefined) checkExtensions(extensions, child(path, 'extensions'), report);

  const interactionType = field(value, 'interactionType');
  let supported: readonly string[] = [];
  if (
    interactionType !== undefined &&
    checkString(interactionType, child(path, 'interactionType'), report, 'interactionType')
  ) {
    if ((INTERACTION_TYPES as readonly string[]).includes(interactionType)) {
      supported = LISTS_BY_TYPE[interactionType] ?? [];
    } else {
      report.add(
        child(path, 'interactionType'),
        `interactionType must be one of ${INTERACTION_TYPES.join(', ')} (case-sensitive); got ${show(interactionType)}`,
      );
    }
  }

  const pattern = field(value, 'correctResponsesPattern');
  if (pattern !== undefined) {
    const patternPath = child(path, 'correctResponsesPattern');
    if (interactionType === undefined) {
      report.add(
        patternPath,
        'correctResponsesPattern is only allowed on interaction Activities (with an interactionType)',
      );
    }
    if (checkArray(pattern, patternPath, report, 'correctResponsesPattern')) {
      pattern.forEach((entry, index) =>
        checkString(entry, child(patternPath, index), report, 'each correctResponsesPattern entry'),
      );
    }
  }

  for (const list of COMPONENT_LISTS) {
    const components = field(value, list);
    if (components === undefined) continue;
    const listPath = child(path, list);
    if (interactionType === undefined) {
      report.add(listPath, `${list} is only allowed on interaction Activities (with an interactionType)`);
    } else if (typeof interactionType === 'string' && INTERACTION_TYPES.includes(interactionType as never)) {
      if (!supported.includes(list)) {
        const allowedHere = supported.length ? `only ${supported.join(' and ')}` : 'no component lists';
        report.add(
          listPath,
          `interactionType "${interactionType}" does not support ${list}; it allows ${allowedHere}`,
        );
      }
    }
    checkComponents(components, listPath, report, list);
  }
}

function checkComponents(value: unknown, path: string, report: Report, list: string): void {
  if (!checkArray(value, path, report, list)) return;
  const seen = new Map<string, number>();
  value.forEach((component, index) => {
    const componentPath = child(path, index);
    if (!expectObject(component, componentPath, report, 'an interaction component')) return;
    checkShape(component, componentPath, report, 'an interaction component', {
      allowed: ['id', 'description'],
      required: ['id'],
    });
    const id = field(component, 'id');
    if (id !== undefined && checkString(id, child(componentPath, 'id'), report, 'interaction component id')) {
      const first = seen.get(id);
      if (first !== undefined) {
        report.add(
          child(componentPath, 'id'),
          `interaction component ids must be distinct within ${list}; ${show(id)} repeats ${list}[${first}]`,
        );
      } else {
        seen.set(id, index);
      }
    }
    const description = field(component, 'description');
    if (description !== undefined) {
      checkLanguageMap(
        description,
        child(componentPath, 'description'),
        report,
        'interaction component description',
      );
    }
  });
}
