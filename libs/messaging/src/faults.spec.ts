// Which faults are a lost database (a 503 to retry, logged once per interval) and which are bugs (a 500, logged
// with their stack each time): docs/architecture.md "Faults".
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { FaultLog, isConnectionFault } from './faults.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionFault', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['an ended connection', new Error('Connection terminated unexpectedly')],
    [
      'an administrator shutdown (57P01)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a server shutting down', new Error('the database system is shutting down')],
    ['a connection exception (class 08)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a full pool', new Error('timeout exceeded when trying to connect')],
    [
      'TypeORM wrapping the driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('57P01') }),
    ],
    [
      'a refused dual-stack connect',
      Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), {}),
    ],
  ])('is true for %s', (_, err) => {
    expect(isConnectionFault(err)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation (23505)', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error (42601)', withCode('42601', 'syntax error at or near "SELEC"')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_, err) => {
    expect(isConnectionFault(err)).toBe(false);
  });
});

describe('FaultLog', () => {
  function setup(everyMs = 10_000) {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    let now = 1_000_000;
    const log = new FaultLog(logger, everyMs, () => now);
    return { log, lines, advance: (ms: number) => (now += ms) };
  }

  it('logs a lost database once per interval, without a stack, and counts what it left out', () => {
    const { log, lines, advance } = setup();
    for (let i = 0; i < 500; i += 1) {
      log.handlerFailed('storage.v1.statements.find', withCode('ECONNREFUSED'));
    }
    advance(10_000);
    log.handlerFailed('storage.v1.statements.find', withCode('ECONNREFUSED'));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 40, failedSinceLastReport: 499 });
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at /);
  });

  it('logs every other fault with its stack', () => {
    const { log, lines } = setup();
    log.handlerFailed('storage.v1.statements.find', new TypeError('boom'));
    log.handlerFailed('storage.v1.statements.find', new TypeError('boom'));
    expect(lines).toHaveLength(2);
    expect(String(lines[0]!.err)).toMatch(/TypeError: boom\n\s+at /);
  });
});
