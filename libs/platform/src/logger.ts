// Structured JSON logs. Learner data never reaches them at info level: statement bodies, agent
// identifiers, names and credentials are redacted by path, whatever the call site passes.
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger, type LevelWithSilent } from 'pino';

export const REDACTED_PATHS = [
  'statement',
  'statements',
  'body',
  'actor',
  'agent',
  'mbox',
  'name',
  'secret',
  '*.statement',
  '*.statements',
  '*.body',
  '*.actor',
  '*.agent',
  '*.mbox',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(service: string, level: LevelWithSilent): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Routes Nest's own messages (module init, route mapping) into the same JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/** DI token for the part's pino logger. */
export const LOGGER = Symbol('LOGGER');
