// The `more` cursor key in standalone mode and the CLI: generated once and kept beside the data, so
// the links a client holds stay good across a restart. Distributed: CUSTOS_CURSOR_KEY, never generated.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CURSOR_KEY_FILE = 'cursor.key';

/** Reads `<dataDir>/cursor.key`, creating it (32 random bytes as hex, mode 0600) on first use. */
export async function ensureCursorKeyFile(dataDir: string): Promise<string> {
  const file = join(dataDir, CURSOR_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': if two processes create it at the same moment, the first one wins.
    await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return (await readFile(file, 'utf8')).trim();
}
