// xAPI 1.0.3 Data §2.2 and IEEE 9274.1.1 §4.2.1 (Table Guidelines) — the generic rejection rules every
// object in a statement shares: JSON types must match, null is never a value (except inside extensions),
// keys are case-sensitive and only the ones the spec defines are allowed.

/** One reason a statement (or query) was rejected, located by a JSON path such as statement.actor.mbox. */
export interface ValidationError {
  path: string;
  message: string;
}

/** Collects errors while a validator walks the input, so a caller gets every problem at once. */
export class Report {
  readonly errors: ValidationError[] = [];

  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

export type JsonObject = Record<string, unknown>;

/** The JSON type of a value, for messages ("got array"). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A short printable form of a rejected value, so messages stay readable for long inputs. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Path of a property; keys that are not plain identifiers (IRIs, language tags) are bracket-quoted. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Reports the value unless it is a JSON object. */
export function expectObject(
  value: unknown,
  path: string,
  report: Report,
  what: string,
): value is JsonObject {
  if (isJsonObject(value)) return true;
  report.add(path, `${what} must be a JSON object; got ${jsonType(value)}`);
  return false;
}

export interface ShapeRules {
  /** Every key the spec defines for this object; anything else is rejected. */
  allowed: readonly string[];
  /** Keys that must be present (and not null). */
  required?: readonly string[];
  /** Specific messages for keys that are not allowed here, to say why (e.g. "a SubStatement must not…"). */
  forbidden?: Readonly<Record<string, string>>;
}

/**
 * Applies the §2.2 rules to one object: unknown keys, null values and missing required keys.
 * Afterwards use {@link field} to read a key, which skips null values that were already reported.
 */
export function checkShape(
  obj: JsonObject,
  path: string,
  report: Report,
  what: string,
  rules: ShapeRules,
): void {
  for (const key of Object.keys(obj)) {
    const keyPath = child(path, key);
    if (rules.forbidden?.[key] !== undefined) {
      report.add(keyPath, rules.forbidden[key]);
    } else if (!rules.allowed.includes(key)) {
      report.add(keyPath, `${show(key)} is not a property of ${what}; allowed: ${rules.allowed.join(', ')}`);
    } else if (obj[key] === null) {
      report.add(keyPath, `${key} must not be null (null is only allowed inside extensions)`);
    }
  }
  for (const key of rules.required ?? []) {
    if (!(key in obj)) report.add(child(path, key), `${what} must have the required property "${key}"`);
  }
}

/** The value of a key, or undefined when missing or null (null was reported by checkShape). */
export function field(obj: JsonObject, key: string): unknown {
  const value = obj[key];
  return value === null ? undefined : value;
}
