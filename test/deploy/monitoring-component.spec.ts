// The optional monitoring component (deploy/k8s/components/monitoring) on top of every overlay: Prometheus finds
// every part on a port that serves /metrics, only that port is opened to it, and every alert is written against
// metrics the code declares (libs/telemetry/src/metrics.ts), so a renamed metric cannot leave an alert silent, and
// parses with Prometheus's own PromQL grammar (@prometheus-io/lezer-promql), so a typo cannot leave a rule group
// unloadable; with promtool on PATH, `promtool check rules` checks the rendered groups too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { metricsRegistry } from '@custos/telemetry';
import { parser } from '@prometheus-io/lezer-promql';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';

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
    groups?: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
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

const hasPromtool = (() => {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Where Prometheus's PromQL grammar finds an error in `expr` (unbalanced brackets, an unknown function, a bad
 * duration …), as `offset: text from there`; none for an expression Prometheus parses.
 */
function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`);
      }
    },
  });
  return errors;
}

/** The PrometheusRule of the component as written (no kubectl needed to read it). */
const ruleSource = (): Manifest =>
  parseAllDocuments(readFileSync(join(K8S, 'components', 'monitoring', 'prometheusrule.yaml'), 'utf8'))
    .map((d) => d.toJS() as Manifest)
    .find((m) => m.kind === 'PrometheusRule')!;

const rulesOf = (rule: Manifest) => rule.spec.groups!.flatMap((g) => g.rules);

describe('the example alerts in PromQL', () => {
  it("parse with Prometheus's grammar, every one", () => {
    const rules = rulesOf(ruleSource());
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) expect(promqlErrors(rule.expr), rule.alert ?? rule.record).toEqual([]);
  });

  it('would report a broken expression (the check can fail)', () => {
    for (const broken of [
      'sum(rate(custos_http_requests_total[5m])',
      'max by (part) (custos_db_pool_connections{state="waiting"}) >',
      'rate(custos_http_requests_total[5q])',
      'sum(raet(custos_http_requests_total[5m]))',
    ]) {
      expect(promqlErrors(broken), broken).not.toEqual([]);
    }
  });
});

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

    it.skipIf(!hasPromtool)(
      `passes \`promtool check rules\` on the rendered rule groups${hasPromtool ? '' : ' (skipped: promtool is not on PATH)'}`,
      () => {
        const file = join(scratch, `${overlay}-rules.yaml`);
        writeFileSync(file, stringify({ groups: only('PrometheusRule').spec.groups }));
        // Exits non-zero, with the reason on its output, for any rule Prometheus would refuse to load.
        const result = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
        expect(result).toMatch(/SUCCESS/);
      },
    );
  });
});
