// Proofs and roots travel as hex in JSON. Parsing is strict (lower case, whole bytes) so that one
// hash has one spelling, and two spellings never compare unequal as strings.

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lower-case hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** The bytes of lower-case hex of even length; anything else throws a RangeError. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX.test(hex)) {
    throw new RangeError('fromHex: expected lower-case hexadecimal of even length');
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
