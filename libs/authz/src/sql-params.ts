// The parameters of one SQL statement and their `$n` placeholders. The one place parameters are numbered: the
// statement's owner adds its own values and hands the same builder to every fragment compiled into it (an access
// filter, redaction or basis columns), so no caller counts placeholders and two fragments can never collide.

/** Collects the values of one statement in order; {@link SqlParams.add} hands out each one's placeholder. */
export class SqlParams {
  readonly #values: unknown[] = [];

  /** Adds `value` as the next parameter; returns its placeholder (`$1`, `$2`, …). */
  add(value: unknown): string {
    this.#values.push(value);
    return `$${this.#values.length}`;
  }

  /** The values in placeholder order, for the driver. */
  get values(): unknown[] {
    return [...this.#values];
  }
}

/** A piece of SQL compiled into a statement someone else writes: it adds its values to `params`, returns its text. */
export type SqlPart = (params: SqlParams) => string;
