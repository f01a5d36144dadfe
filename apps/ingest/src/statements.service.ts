// The write path: strict validation (nothing invalid goes further), then LRS-assigned
// properties, then storage; replies only after storage committed (read-your-writes).
import { randomUUID } from 'node:crypto';

import { abilityWithoutPolicies, mayDefineActivities } from '@custos/authz';
import { BadRequestError, ForbiddenError, type IngestStatementsV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { statementsIngested } from '@custos/telemetry';
import { enrichStatement, validateStatements } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { checkAttachments } from './attachments.js';
import { checkBatchIds } from './batch-rules.js';

@Injectable()
export class IngestService {
  constructor(private readonly bus: MessageBus) {}

  async ingest(request: IngestStatementsV1): Promise<string[]> {
    const { principal } = request;
    // Statements are written by xAPI clients (credentials); people read and administer.
    if (principal.kind !== 'credential' || !abilityWithoutPolicies(principal).can('write', 'Statement')) {
      throw new ForbiddenError('this principal may not write statements');
    }
    const result = validateStatements(request.body, request.version);
    if (!result.ok) {
      throw new BadRequestError(
        `invalid statement: ${result.errors[0]!.path}: ${result.errors[0]!.message}`,
        result.errors,
      );
    }
    const statements = result.statements;
    if (request.statementId !== undefined) checkPutBody(statements, request.statementId);
    checkBatchIds(statements);
    // Communication §1.5.2 and Data §2.6: attachment parts match the metadata, signatures verify.
    const attachments = await checkAttachments(
      statements,
      request.attachments ?? [],
      request.version,
      request.statementId,
    );
    if (statements.length === 0) return [];

    const stored = new Date().toISOString();
    const enriched = statements.map((s) =>
      enrichStatement(s, {
        id: request.statementId,
        stored,
        authority: principal.authority,
        version: request.version,
        newId: randomUUID,
      }),
    );
    const reply = await this.bus.request('storage.v1.statements.store', {
      tenantId: principal.tenantId,
      authorityCredentialId: principal.credentialId,
      statements: enriched as unknown as Record<string, unknown>[],
      ...(attachments.length > 0 ? { attachments } : {}),
      // Names this request's write in the audit log.
      batchId: randomUUID(),
      // Only a client trusted to define Activities updates their canonical definitions (xAPI `define`).
      definesActivities: mayDefineActivities(principal.scopes),
      // A credential bound to a policy's purpose: storage decides, with the data subjects' grants and objections
      // in the same transaction, what to do with statements about learners without a basis under it.
      ...(principal.writePolicyId ? { writePolicyId: principal.writePolicyId } : {}),
    });
    statementsIngested.inc(reply.ids.length);
    return reply.ids;
  }
}

/** xAPI 2.0 Communication §2.1.1 (PUT Statements): one statement, whose id (if any) matches. */
function checkPutBody(statements: { id?: string }[], statementId: string): void {
  if (statements.length !== 1) throw new BadRequestError('PUT /statements takes exactly one statement');
  const own = statements[0]!.id;
  if (own !== undefined && own.toLowerCase() !== statementId.toLowerCase()) {
    throw new BadRequestError('the statement id does not match the statementId parameter');
  }
}
