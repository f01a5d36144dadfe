// Domain errors shared by every part. Each carries the HTTP-like status that the gateway
// answers with and that travels over NATS in the Nats-Service-Error-Code header (ADR-32).

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly status: number = 500;
  /** Seconds after which the caller may try again (HTTP Retry-After), when the error says so. */
  retryAfterSeconds?: number;
  constructor(
    message: string,
    readonly errors?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends DomainError {
  override readonly status = 400;
}
export class UnauthorizedError extends DomainError {
  override readonly status = 401;
}
export class ForbiddenError extends DomainError {
  override readonly status = 403;
}
export class NotFoundError extends DomainError {
  override readonly status = 404;
}
export class ConflictError extends DomainError {
  override readonly status = 409;
}
export class PreconditionFailedError extends DomainError {
  override readonly status = 412;
}
export class PayloadTooLargeError extends DomainError {
  override readonly status = 413;
}
/** RFC 4918 §11.3: the account or key is locked (after repeated failed sign-ins) until an admin unlocks it. */
export class LockedError extends DomainError {
  override readonly status = 423;
}
export class PreconditionRequiredError extends DomainError {
  override readonly status = 428;
}
/** RFC 6585 §4: slowed down; `retryAfterSeconds` says when to try again. */
export class TooManyRequestsError extends DomainError {
  override readonly status = 429;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
export class ServiceUnavailableError extends DomainError {
  override readonly status = 503;
}
export class InternalError extends DomainError {
  override readonly status = 500;
}

const byStatus: Record<number, new (message: string, errors?: ErrorDetail[]) => DomainError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  413: PayloadTooLargeError,
  423: LockedError,
  428: PreconditionRequiredError,
  503: ServiceUnavailableError,
};

/** Rebuilds a typed error from a status code (and Retry-After, when sent) received over the wire. */
export function domainErrorFrom(
  status: number,
  message: string,
  errors?: ErrorDetail[],
  retryAfterSeconds?: number,
): DomainError {
  if (status === 429) return new TooManyRequestsError(message, retryAfterSeconds ?? 1);
  const Ctor = byStatus[status] ?? InternalError;
  const err = new Ctor(message, errors);
  if (retryAfterSeconds !== undefined) err.retryAfterSeconds = retryAfterSeconds;
  return err;
}
