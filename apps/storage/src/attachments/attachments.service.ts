// Attachment data as statements store and read it: sealed under the data keys of the data subjects of the
// statements that carry it (docs/adr/0013, part 2), so a backup holds no readable attachment of an erased person.
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { type DataKey, Sealing } from '../sealing/index.js';
import type { AttachmentLink } from './attachment-links.js';
import { type AttachmentData, AttachmentRepository } from './attachment.repository.js';

@Injectable()
export class Attachments {
  constructor(
    private readonly repository: AttachmentRepository,
    private readonly sealing: Sealing,
  ) {}

  /**
   * Stores the attachment data a write carried, each sealed under the data key of every data subject of the
   * statements linked to it (`subjectsOf`: a statement's subjects' identifier hashes) and plain where a statement has
   * none, and links the statements to it. Data no statement links to is not stored (no read could reach it).
   * Statements must already be inserted in this transaction.
   */
  async store(
    uow: UnitOfWork,
    tenantId: string,
    parts: readonly AttachmentData[],
    links: readonly AttachmentLink[],
    subjectsOf: (statementId: string) => readonly string[],
  ): Promise<void> {
    const carriers = new Map<string, { subjects: Set<string>; plain: boolean }>();
    for (const link of links) {
      const entry = carriers.get(link.sha2) ?? { subjects: new Set<string>(), plain: false };
      const subjects = subjectsOf(link.statementId);
      if (subjects.length === 0) entry.plain = true;
      for (const s of subjects) entry.subjects.add(s);
      carriers.set(link.sha2, entry);
    }
    const toSeal = [...new Map(parts.map((p) => [p.sha2, p])).values()].flatMap((part) => {
      const entry = carriers.get(part.sha2);
      return entry ? [{ ...part, subjects: [...entry.subjects], plain: entry.plain }] : [];
    });
    const copies = await this.sealing.sealAttachments(tenantId, toSeal);
    await this.repository.store(uow, tenantId, copies, links);
  }

  /**
   * The attachment data that came with the given statements, opened (data whose every key is gone is not there).
   * `statementSeqs` must come from a read that applied the caller's access filter in the same transaction.
   */
  async findForStatements(
    uow: UnitOfWork,
    tenantId: string,
    statementSeqs: readonly string[],
  ): Promise<AttachmentData[]> {
    const copies = await this.repository.findForStatements(uow, tenantId, statementSeqs);
    return copies.length === 0 ? [] : this.sealing.openAttachments(uow.manager, tenantId, copies);
  }

  /**
   * An erasure's step before the person's keys go: the attachments of the statements it retains (a legal obligation,
   * a hold) get copies sealed under `keys` (the erasure's retention keys), so they stay readable with them.
   */
  async keepUnder(
    uow: UnitOfWork,
    tenantId: string,
    statementSeqs: readonly string[],
    keys: readonly DataKey[],
  ): Promise<void> {
    if (statementSeqs.length === 0 || keys.length === 0) return;
    const opened = await this.findForStatements(uow, tenantId, statementSeqs);
    const copies = opened.flatMap((a) => this.sealing.sealAttachmentUnder(tenantId, a, keys));
    await this.repository.store(uow, tenantId, copies, []);
  }

  /** An erasure's step: the copies sealed under the person's destroyed data keys go; how many. */
  deleteSealedUnder(uow: UnitOfWork, tenantId: string, keyIds: readonly string[]): Promise<number> {
    return this.repository.deleteSealedUnder(uow, tenantId, keyIds);
  }
}
