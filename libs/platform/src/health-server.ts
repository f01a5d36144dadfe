// Liveness, readiness and metrics over plain HTTP on an internal port, for the parts that have no HTTP edge of their
// own (and the gateway's internal port, and the standalone's CUSTOS_METRICS_PORT), so Kubernetes probes and
// Prometheus scrape every process the same way. Never the public port: the metrics describe the installation.
import { createServer, type Server } from 'node:http';

import { scrape } from '@custos/telemetry';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export async function startHealthServer(
  port: number,
  readiness: ReadinessCheck,
  host = '0.0.0.0',
): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      if (req.url === '/readyz') {
        const checks = await readiness().catch(() => ({ check: false }));
        const ready = Object.values(checks).every(Boolean);
        res
          .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ready, checks }));
        return;
      }
      if (req.url === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
        try {
          const { contentType, body } = await scrape();
          res.writeHead(200, { 'content-type': contentType }).end(body);
        } catch (err) {
          res
            .writeHead(500, { 'content-type': 'text/plain' })
            .end(`metrics failed: ${(err as Error).message}\n`);
        }
        return;
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
