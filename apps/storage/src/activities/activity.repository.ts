// Activity definitions (docs/access-model.md "Activity definitions"): the canonical ones, written only by
// statements of `define` clients, and those the statements a caller may read carry. A newer definition replaces
// the older one property by property; language maps (name, description) are merged so no language is lost.
import { SqlParams, type SqlPart } from '@custos/authz';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

/** A definition statements carry, with the newest readable statement carrying it (extra columns by name). */
export interface CarriedDefinitionRow {
  definition: Record<string, unknown>;
  seq: string;
  statement_id: string;
  subject_ifi_hashes: string[];
  [column: string]: unknown;
}

// Where a statement carries an Activity (as definedActivitiesOf of @custos/xapi finds them): its object, its
// context activities, and those of a SubStatement object. `in_context` paths are withheld where a policy redacts
// `context.contextActivities`.
const CARRIED_AT = `(VALUES
  ('$.object ? (@.id == $id && (!(exists(@.objectType)) || @.objectType == "Activity")).definition'::jsonpath, false),
  ('$.object ? (@.objectType == "SubStatement").object ? (@.id == $id && (!(exists(@.objectType)) || @.objectType == "Activity")).definition'::jsonpath, false),
  ('$.context.contextActivities.*[*] ? (@.id == $id).definition'::jsonpath, true),
  ('$.object ? (@.objectType == "SubStatement").context.contextActivities.*[*] ? (@.id == $id).definition'::jsonpath, true)
) AS p(path, in_context)`;

// All raw SQL (ADR 0008): a bulk upsert merging definitions, a lookup by the expression key text_key(activity_id)
// of a keyless table, and a read through the caller's access filter.
@Injectable()
export class ActivityRepository {
  /** `activities` holds each id once (see mergeDefinedActivities in @custos/xapi). */
  async mergeDefinitions(
    uow: UnitOfWork,
    tenantId: string,
    activities: { id: string; definition: unknown }[],
  ): Promise<void> {
    if (activities.length === 0) return;
    // One row per id (the caller merged the batch); sorted ids avoid deadlocks between
    // concurrent batches touching the same activities.
    await uow.manager.query(
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

  /** The canonical definition (written by `define` clients only). */
  async definition(
    uow: UnitOfWork,
    tenantId: string,
    activityId: string,
  ): Promise<Record<string, unknown> | undefined> {
    const [row]: { definition: Record<string, unknown> }[] = await uow.manager.query(
      `SELECT definition FROM storage.activity WHERE tenant_id = $1 AND storage.text_key(activity_id) = storage.text_key($2)`,
      [tenantId, activityId],
    );
    return row?.definition;
  }

  /**
   * The distinct definitions of `activityId` carried by the statements `read.where` lets through (alias s;
   * voided ones too, as `voidedStatementId` still serves them), each with the newest such
   * statement, oldest first — merging them in that order gives what merging every statement would. `contextKept`
   * (alias s) says whether a statement's context activities may be shown; `columns` are extra columns of alias s.
   */
  carriedDefinitions(
    uow: UnitOfWork,
    tenantId: string,
    activityId: string,
    read: { where: SqlPart; contextKept: SqlPart; columns?: SqlPart },
  ): Promise<CarriedDefinitionRow[]> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const activity = params.add(activityId);
    const where = read.where(params);
    const contextKept = read.contextKept(params);
    const columns = read.columns?.(params);
    return uow.manager.query(
      `WITH readable AS (
         SELECT s.seq, s.payload, ${contextKept} AS context_kept
           FROM storage.statement s
          WHERE s.tenant_id = ${tenant}
            AND EXISTS (SELECT 1 FROM storage.statement_activity act
                         WHERE act.tenant_id = s.tenant_id AND act.statement_seq = s.seq AND storage.text_key(act.activity_iri) = storage.text_key(${activity}))
            AND (${where})
       ), carried AS (
         SELECT DISTINCT ON (d.definition) d.definition, r.seq
           FROM readable r
           CROSS JOIN LATERAL (
             SELECT jsonb_path_query(r.payload, p.path, jsonb_build_object('id', ${activity}::text)) AS definition
               FROM ${CARRIED_AT}
              WHERE r.context_kept OR NOT p.in_context
           ) d
          ORDER BY d.definition, r.seq DESC
       )
       SELECT c.definition, s.seq::text AS seq, s.statement_id::text AS statement_id,
              ARRAY(SELECT sj.ifi_hash FROM storage.statement_agent sj
                     WHERE sj.statement_seq = s.seq AND sj.tenant_id = s.tenant_id AND sj.is_subject) AS subject_ifi_hashes
              ${columns ? `, ${columns}` : ''}
         FROM carried c JOIN storage.statement s ON s.seq = c.seq AND s.tenant_id = ${tenant}
        ORDER BY c.seq`,
      params.values,
    );
  }
}
