// The optional monitoring component (deploy/k8s/components/monitoring) on top of every overlay: Prometheus finds
// every part on a port that serves /metrics, only that port is opened to it, and every alert is written against
// metrics the code declares (libs/telemetry/src/metrics.ts), so a renamed metric cannot leave an alert silent.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { metricsRegistry } from '@custos/telemetry';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const K8S = fileURLToPath(new URL('../../deploy/k8s/', import.meta.url));
const PARTS = ['gateway', 'ingest', 'storage', 'consent', 'query'];

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values: string[] }[];
}

interface Container {
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
}

/** The fields of the rendered objects this spec reads. */
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: {
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
    selector?: Selector;
    podSelector?: Selector;
    podMetricsEndpoints?: { port: string; path: string }[];
    ingress?: { ports: { protocol: string; port: number }[] }[];
    groups?: { rules: { expr: string }[] }[];
  };
}

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const scratch = mkdtempSync(join(tmpdir(), 'custos-monitoring-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An overlay with the component added, as an operator's kustomization would say it. */
function renderWithMonitoring(overlay: string): Manifest[] {
  const dir = join(scratch, overlay);
  const rel = (path: string) => relative(dir, join(K8S, path));
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${rel(`overlays/${overlay}`)}\ncomponents:\n  - ${rel('components/monitoring')}\n`,
  );
  const text = execFileSync('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

const matchesExpressions = (selector: Selector | undefined, labels: Record<string, string>): boolean =>
  !!selector &&
  (selector.matchExpressions ?? []).every(
    (e) => e.operator === 'In' && e.values.includes(labels[e.key] ?? ''),
  ) &&
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** Every series name an exposition of the registry can carry (generously: any metric with a histogram suffix). */
async function declaredSeries(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await metricsRegistry.getMetricsAsJSON()) {
    names.add(metric.name);
    for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

const overlays = readdirSync(join(K8S, 'overlays'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe.skipIf(!hasKubectl)('the monitoring component', () => {
  describe.each(overlays)('on the %s overlay', (overlay) => {
    const manifests = renderWithMonitoring(overlay);
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    const labelsOf = (m: Manifest) => m.spec.template!.metadata.labels;
    const only = (kind: string, name?: string): Manifest => {
      const found = manifests.filter((m) => m.kind === kind && (!name || m.metadata.name === name));
      expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
      return found[0]!;
    };

    it("has Prometheus scrape every part on a named port that is the part's CUSTOS_HEALTH_PORT", () => {
      const monitor = only('PodMonitor');
      const endpoint = monitor.spec.podMetricsEndpoints![0]!;
      expect(endpoint.path).toBe('/metrics');
      for (const part of PARTS) {
        const d = deployments.find((x) => labelsOf(x)['app.kubernetes.io/component'] === part);
        expect(d, part).toBeDefined();
        expect(matchesExpressions(monitor.spec.selector, labelsOf(d!)), part).toBe(true);
        const container = d!.spec.template!.spec.containers[0]!;
        const port = container.ports?.find((p) => p.name === endpoint.port);
        const env = container.env?.find((e) => e.name === 'CUSTOS_HEALTH_PORT');
        expect(port, `${part}: a ${endpoint.port} port`).toBeDefined();
        expect(Number(env?.value), `${part}: CUSTOS_HEALTH_PORT`).toBe(port!.containerPort);
      }
    });

    it('opens only the internal port, to every part', () => {
      const policy = only('NetworkPolicy', 'custos-metrics-ingress');
      expect(policy.spec.ingress!.flatMap((r) => r.ports)).toEqual([{ protocol: 'TCP', port: 9090 }]);
      for (const d of deployments) {
        expect(matchesExpressions(policy.spec.podSelector, labelsOf(d))).toBe(true);
      }
    });

    it('alerts only on metrics the code declares', async () => {
      const declared = await declaredSeries();
      const used = only('PrometheusRule')
        .spec.groups!.flatMap((g) => g.rules)
        .flatMap((r) => r.expr.match(/\bcustos_\w+/g) ?? []);
      expect(used.length).toBeGreaterThan(5);
      for (const name of used) expect(declared, name).toContain(name);
    });
  });
});
