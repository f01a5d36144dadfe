// Canonical Activity definitions. A newer definition replaces the older one property by
// property; language maps (name, description) are merged so no language is lost.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB, type Tx } from './db/transaction.js';

@Injectable()
export class ActivityRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /** `activities` holds each id once (see mergeDefinedActivities in @custos/xapi). */
  async mergeDefinitions(
    tx: Tx,
    tenantId: string,
    activities: { id: string; definition: unknown }[],
  ): Promise<void> {
    if (activities.length === 0) return;
    // One row per id (the caller merged the batch); sorted ids avoid deadlocks between
    // concurrent batches touching the same activities.
    await tx.manager.query(
      `INSERT INTO storage.activity AS a (tenant_id, activity_id, definition)
       SELECT $1, r.id, r.definition FROM jsonb_to_recordset($2::jsonb) AS r(id text, definition jsonb)
        ORDER BY r.id
       ON CONFLICT (tenant_id, storage.text_key(activity_id)) DO UPDATE SET
         definition = a.definition || excluded.definition
           || jsonb_strip_nulls(jsonb_build_object(
                'name', CASE WHEN a.definition ? 'name' OR excluded.definition ? 'name'
                             THEN coalesce(a.definition->'name', '{}') || coalesce(excluded.definition->'name', '{}') END,
                'description', CASE WHEN a.definition ? 'description' OR excluded.definition ? 'description'
                             THEN coalesce(a.definition->'description', '{}') || coalesce(excluded.definition->'description', '{}') END)),
         updated = now()`,
      [tenantId, JSON.stringify(activities)],
    );
  }

  async definition(tenantId: string, activityId: string): Promise<Record<string, unknown> | undefined> {
    const [row]: { definition: Record<string, unknown> }[] = await this.db.query(
      `SELECT definition FROM storage.activity WHERE tenant_id = $1 AND storage.text_key(activity_id) = storage.text_key($2)`,
      [tenantId, activityId],
    );
    return row?.definition;
  }
}
