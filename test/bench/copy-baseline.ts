// The ceiling the database sets on this machine: the same SCORM-style statements, as Custos would
// store them, COPYed straight into one table with 4 indexes on the PostgreSQL the run uses, every
// COPY its own committed transaction (fsync and synchronous_commit as the server has them, which
// the line prints). Custos's write figures are read as a share of this rate.
import { randomUUID } from 'node:crypto';

import pg from 'pg';

import { rate } from './measure.js';
import { aScormStatement } from './scorm-statement.js';

const SCHEMA = 'bench_copy_baseline';
const ROWS_PER_COPY = 1_000;
const CONNECTIONS = 4;
const ID = '00000000-0000-4000-8000-0000000000ff';

/** The part of pg's connection a COPY FROM STDIN needs (what pg-copy-streams uses, without it). */
interface CopyConnection {
  query: (text: string) => void;
  sendCopyFromChunk: (chunk: Buffer) => void;
  endCopyFrom: () => void;
}

/** One `COPY … FROM STDIN` of `data` (text format) as a pg submittable. */
function copyIn(client: pg.PoolClient, text: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const submittable = {
      submit: (c: CopyConnection) => c.query(text),
      handleCopyInResponse: (c: CopyConnection) => {
        c.sendCopyFromChunk(data);
        c.endCopyFrom();
      },
      handleCommandComplete: () => undefined,
      handleReadyForQuery: () => resolve(),
      handleError: (err: Error) => reject(err),
    };
    void client.query(submittable as unknown as pg.Submittable);
  });
}

/** A text-format COPY field: JSON never holds a raw tab or newline, only backslashes to double. */
const field = (value: string): string => value.replace(/\\/g, '\\\\');

/**
 * ROWS_PER_COPY rows with ID where each statement id goes; each COPY replaces it with fresh ids.
 * Built once, so the client's JSON work does not eat into the two cores the server needs.
 */
function rowTemplates(): string[] {
  const authority = {
    objectType: 'Agent',
    name: 'LMS',
    account: { homePage: 'http://127.0.0.1:8080', name: '6f1c0e5d2a3b' },
  };
  return Array.from({ length: ROWS_PER_COPY }, (_, n) => {
    const learner = n % 250;
    const s = aScormStatement(learner, n % 7, n);
    const stored = new Date().toISOString();
    const payload = { ...s, id: ID, stored, authority, version: '2.0.0' };
    const context = s.context as { registration: string };
    return (
      [ID, `actor-${learner}`, s.verb.id, String(s.object.id), context.registration, stored]
        .concat(field(JSON.stringify(payload)))
        .join('\t') + '\n'
    );
  });
}

export interface Baseline {
  rowsPerSecond: number;
  rows: number;
  bytesPerRow: number;
  settings: string;
}

export async function copyBaseline(databaseUrl: string, durationMs: number): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    await pool.query(`
      CREATE TABLE ${SCHEMA}.statement (
        statement_id uuid PRIMARY KEY, actor_hash text NOT NULL, verb_iri text NOT NULL,
        activity_iri text NOT NULL, registration uuid, stored timestamptz NOT NULL, payload jsonb NOT NULL)`);
    await pool.query(`CREATE INDEX ON ${SCHEMA}.statement (actor_hash, stored)`);
    await pool.query(`CREATE INDEX ON ${SCHEMA}.statement (activity_iri, stored)`);
    await pool.query(`CREATE INDEX ON ${SCHEMA}.statement (registration)`);
    const { rows: settings } = await pool.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method')
        ORDER BY name`,
    );
    const templates = rowTemplates();
    const copy = `COPY ${SCHEMA}.statement FROM STDIN`;
    let rows = 0;
    const started = performance.now();
    const deadline = started + durationMs;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < deadline) {
            const data = templates.map((t) => t.replaceAll(ID, randomUUID())).join('');
            await copyIn(client, copy, Buffer.from(data));
            rows += ROWS_PER_COPY;
          }
        } finally {
          client.release();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const { rows: count } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.statement`,
    );
    if (count[0]!.n !== rows) {
      throw new Error(`COPY baseline: wrote ${rows} rows, the table holds ${count[0]!.n}`);
    }
    return {
      rowsPerSecond: rows / seconds,
      rows,
      bytesPerRow: Math.round(templates.reduce((sum, t) => sum + t.length, 0) / templates.length),
      settings: settings.map((s) => `${s.name}=${s.setting}`).join(' '),
    };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

export function printBaseline(b: Baseline): void {
  process.stdout.write(
    `${'raw COPY baseline (1 table, 4 idx)'.padEnd(34)} ${rate(b.rowsPerSecond, 7)} rows/s ` +
      `(${b.rows.toLocaleString('en')} rows of ~${b.bytesPerRow} B, ${CONNECTIONS} connections × ${ROWS_PER_COPY}-row COPYs; ${b.settings})\n`,
  );
}
