// xAPI 1.0.3 Data §2.4.1 (id), §2.4.7 (timestamp), §2.4.8 (stored), §2.4.9 (authority), §2.4.10
// (version) and IEEE 9274.1.1 §4.2.4.2 / §4.2.4.3 — the properties the LRS assigns when it stores a
// statement.

import { normalizeStatement } from './normalize.js';
import type { Agent, Group, Statement, XapiVersion } from './types.js';

/** What the LRS knows when it stores a statement. */
export interface EnrichContext {
  /** statementId of a PUT; wins over the statement's own id (validation already checked they match). */
  id?: string;
  /** When the LRS stored the statement (ISO 8601, normally UTC). */
  stored: string;
  /** The authority derived from the credentials used; always replaces a submitted one. */
  authority: Agent | Group;
  /** The rule set of the request that submitted the statement. */
  version: XapiVersion;
  /** Generates an id for statements sent without one. */
  newId: () => string;
}

/**
 * The statement version written when none was sent: 1.0.x statements are labelled "1.0.0" (§2.4.10
 * says every 1.0.x statement conforms to the 1.0.0 data model) and 2.0 statements "2.0.0".
 */
export function defaultStatementVersion(version: XapiVersion): string {
  return version === '2.0.0' ? '2.0.0' : '1.0.0';
}

/**
 * Returns a new statement with the LRS-assigned properties: id (lowercased), stored, timestamp (= stored
 * when absent), authority, version (kept when given), and contextActivities as arrays.
 */
export function enrichStatement(statement: Statement, ctx: EnrichContext): Statement {
  const { id: ownId, ...rest } = normalizeStatement(statement);
  return {
    id: (ctx.id ?? ownId ?? ctx.newId()).toLowerCase(),
    ...rest,
    timestamp: statement.timestamp ?? ctx.stored,
    stored: ctx.stored,
    authority: structuredClone(ctx.authority),
    version: statement.version ?? defaultStatementVersion(ctx.version),
  };
}
