// Liveness and readiness over plain HTTP for the parts that have no HTTP edge of their own,
// so Kubernetes probes every process the same way.
import { createServer, type Server } from 'node:http';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export async function startHealthServer(port: number, readiness: ReadinessCheck): Promise<Server> {
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
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
  return server;
}
