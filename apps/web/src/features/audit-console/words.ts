// Parts of a record in words, per language: who acted and under which rule. Ids stay as they are: an auditor
// matches them with other records and with what the operators know.
import type { TFunction } from 'i18next';

const KINDS = ['credential', 'person', 'system', 'anonymous'] as const;

export function kindLabel(kind: string | undefined, t: TFunction): string {
  return (KINDS as readonly string[]).includes(kind ?? '')
    ? t(`auditor.principalKind.${kind as (typeof KINDS)[number]}`)
    : t('auditor.principalKind.unknown');
}

/** The first characters of an id: enough to tell principals apart on a chart's axis. */
export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

export function basisText(basis: readonly Record<string, unknown>[] | undefined, t: TFunction): string {
  if (!basis || basis.length === 0) return t('auditor.log.basis.none');
  return basis
    .map((rule) => {
      switch (rule.kind) {
        case 'self':
          return t('auditor.log.basis.self');
        case 'own-writes':
          return t('auditor.log.basis.own-writes');
        case 'scope':
          return t('auditor.log.basis.scope', { scope: String(rule.scope) });
        case 'policy':
          return t('auditor.log.basis.policy', {
            id: String(rule.policyId),
            version: String(rule.version),
          });
        case 'role':
          return t('auditor.log.basis.role', { role: String(rule.role) });
        default:
          return t('auditor.log.basis.other');
      }
    })
    .join('; ');
}
