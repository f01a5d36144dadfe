// Custos standalone started the way a user starts it (`npm start` runs this same entry point).
import { spawnNode, type RunningProcess } from './processes.js';
import { freePort, waitFor } from './wait.js';

export interface StandaloneProcess {
  baseUrl: string;
  process: RunningProcess;
  stop: () => Promise<number | null>;
}

/** `env.PORT` given: that port (e.g. one CUSTOS_PUBLIC_URL names too), else a free one. */
export async function spawnStandalone(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<StandaloneProcess> {
  const port = env.PORT !== undefined ? Number(env.PORT) : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const proc = spawnNode('dist/apps/standalone/src/main.js', {
    PORT: String(port),
    CUSTOS_DATA_DIR: dataDir,
    CUSTOS_LOG_LEVEL: 'warn',
    ...env,
  });
  try {
    await waitFor(
      'standalone Custos to answer',
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`standalone exited:\n${proc.output()}`);
        return (await fetch(`${baseUrl}/readyz`)).status === 200;
      },
      60_000,
    );
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  return { baseUrl, process: proc, stop: () => proc.stop() };
}
