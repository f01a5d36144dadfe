// Checks the deployment files in deploy/: renders every kustomize overlay with `kubectl kustomize`
// and asserts what a safe rollout relies on (one Deployment per part, probes on the right port,
// resource limits, a non-root read-only container, no Secret rendered, the migration Job), and
// keeps the JetStream stream definition in step with the event subjects in the code.
// Without kubectl on PATH the rendering checks are skipped, with the reason in the test name.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Events, eventStreamName } from '@custos/contracts';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OVERLAYS_DIR = join(ROOT, 'deploy', 'k8s', 'overlays');
const STREAM_FILE = join(ROOT, 'deploy', 'nats', 'stream-custos-events.json');

const PARTS = ['gateway', 'ingest', 'storage', 'consent', 'query'] as const;
type Part = (typeof PARTS)[number];
const AUTOSCALED: readonly Part[] = ['gateway', 'ingest', 'query'];
const USES_DATABASE: readonly Part[] = ['storage', 'consent'];
const SECRET_NAME = 'custos-secrets';
const CONFIG_NAME = 'custos-config';

// ------------------------------------------------------------------------------------------
// The slice of the Kubernetes object model these checks read.

type Labels = Record<string, string>;

interface HttpProbe {
  httpGet?: { path?: string; port?: number | string };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[] };
}

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  securityContext?: SecurityContext;
}

interface PodTemplate {
  metadata?: { labels?: Labels };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    restartPolicy?: string;
    securityContext?: SecurityContext;
  };
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    /** `matchLabels` on Deployments and PodDisruptionBudgets; plain labels on Services. */
    selector?: { matchLabels?: Labels; [label: string]: unknown };
    template?: PodTemplate;
    minReplicas?: number;
    maxReplicas?: number;
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    ports?: { name?: string; port: number; targetPort?: number | string }[];
  };
}

// ------------------------------------------------------------------------------------------
// Rendering.

function findKubectl(): { ok: true } | { ok: false; reason: string } {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason:
        code === 'ENOENT'
          ? 'kubectl is not on PATH, so the overlays cannot be rendered (install kubectl with kustomize v5)'
          : `kubectl does not run (${(err as Error).message.split('\n')[0]})`,
    };
  }
}

const overlays = readdirSync(OVERLAYS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const rendered = new Map<string, Manifest[]>();

/** `kubectl kustomize` of one overlay, parsed; rendered once per overlay. */
function render(overlay: string): Manifest[] {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  const yamlText = execFileSync('kubectl', ['kustomize', join(OVERLAYS_DIR, overlay)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(`${overlay}: invalid YAML: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) manifests.push(value as Manifest);
  }
  rendered.set(overlay, manifests);
  return manifests;
}

// ------------------------------------------------------------------------------------------
// Helpers.

const ofKind = (manifests: Manifest[], kind: string): Manifest[] => manifests.filter((m) => m.kind === kind);
const id = (m: Manifest): string => `${m.kind}/${m.metadata.name}`;
const componentOf = (m: Manifest): string | undefined =>
  m.spec?.template?.metadata?.labels?.['app.kubernetes.io/component'];

/** A Service's selector: its plain string labels. */
const serviceSelector = (s: Manifest): Labels =>
  Object.fromEntries(
    Object.entries(s.spec?.selector ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );

/** True when every label of `selector` is on `labels`. */
const selects = (selector: Labels | undefined, labels: Labels | undefined): boolean =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function podOf(m: Manifest): PodTemplate {
  const template = m.spec?.template;
  if (!template) throw new Error(`${id(m)} has no pod template`);
  return template;
}

/** The Deployment whose containers run `dist/apps/<part>/src/main.js`. */
function deploymentFor(manifests: Manifest[], part: Part): Manifest[] {
  const entry = `dist/apps/${part}/src/main.js`;
  return ofKind(manifests, 'Deployment').filter((d) =>
    podOf(d).spec.containers.some((c) => [...(c.command ?? []), ...(c.args ?? [])].includes(entry)),
  );
}

function envValue(c: Container, name: string): EnvVar | undefined {
  return c.env?.find((e) => e.name === name);
}

/** Resolves a probe's port (name or number) against the container's declared ports. */
function probePort(c: Container, probe: HttpProbe | undefined): number | undefined {
  const port = probe?.httpGet?.port;
  if (typeof port === 'number') return port;
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

/** The pod- and container-level security checks every workload must pass. */
function expectLockedDown(owner: Manifest, c: Container): void {
  const pod = podOf(owner).spec;
  const where = `${id(owner)} container ${c.name}`;
  const nonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  expect(nonRoot, `${where}: runAsNonRoot`).toBe(true);
  const uid = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  if (uid !== undefined) expect(uid, `${where}: runAsUser`).toBeGreaterThan(0);
  expect(c.securityContext?.readOnlyRootFilesystem, `${where}: readOnlyRootFilesystem`).toBe(true);
  expect(c.securityContext?.allowPrivilegeEscalation, `${where}: allowPrivilegeEscalation`).toBe(false);
  expect(c.securityContext?.capabilities?.drop ?? [], `${where}: capabilities.drop`).toContain('ALL');
}

function expectResources(owner: Manifest, c: Container): void {
  const where = `${id(owner)} container ${c.name}`;
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      expect(c.resources?.[kind]?.[resource], `${where}: resources.${kind}.${resource}`).toBeTruthy();
    }
  }
}

function expectImage(owner: Manifest, c: Container): void {
  const where = `${id(owner)} container ${c.name}`;
  const image = c.image ?? '';
  expect(image, `${where}: image`).not.toBe('');
  // A registry path with a tag or a digest, not the base's bare placeholder name.
  expect(image, `${where}: image has a registry path`).toContain('/');
  expect(
    /@sha256:[0-9a-f]{64}$/.test(image) || /:[\w][\w.-]{0,127}$/.test(image.split('/').pop() ?? ''),
    `${where}: image tag or digest (${image})`,
  ).toBe(true);
}

// ------------------------------------------------------------------------------------------

describe('deploy/k8s overlays', () => {
  it('has the dev and production overlays', () => {
    expect(overlays).toEqual(expect.arrayContaining(['dev', 'production']));
  });
});

const kubectl = findKubectl();

if (!kubectl.ok) {
  describe('deploy/k8s overlays rendered with kubectl kustomize', () => {
    it.skip(`skipped: ${kubectl.reason}`, () => undefined);
  });
} else {
  describe.each(overlays)('overlay %s', (overlay) => {
    it('renders with kubectl kustomize', () => {
      const manifests = render(overlay);
      expect(manifests.length).toBeGreaterThan(0);
      for (const m of manifests) {
        expect(m.apiVersion, `${id(m)}: apiVersion`).toBeTruthy();
        expect(m.metadata?.name, `${m.kind}: metadata.name`).toBeTruthy();
      }
    });

    it('has exactly one Deployment per part, running that part', () => {
      const manifests = render(overlay);
      for (const part of PARTS) {
        const found = deploymentFor(manifests, part);
        expect(found.map(id), `Deployment running dist/apps/${part}/src/main.js`).toHaveLength(1);
        expect(componentOf(found[0]!)).toBe(part);
      }
      expect(ofKind(manifests, 'Deployment')).toHaveLength(PARTS.length);
    });

    it('gives every Deployment liveness and readiness probes on the port the part serves them', () => {
      for (const part of PARTS) {
        const deployment = deploymentFor(render(overlay), part)[0]!;
        for (const c of podOf(deployment).spec.containers) {
          const where = `${id(deployment)} container ${c.name}`;
          expect(c.livenessProbe?.httpGet?.path, `${where}: livenessProbe`).toBe('/healthz');
          expect(c.readinessProbe?.httpGet?.path, `${where}: readinessProbe`).toBe('/readyz');
          if (part === 'gateway') {
            const port = Number(envValue(c, 'PORT')?.value ?? 8080);
            expect(probePort(c, c.livenessProbe), `${where}: liveness port`).toBe(port);
            expect(probePort(c, c.readinessProbe), `${where}: readiness port`).toBe(port);
          } else {
            const healthPort = Number(envValue(c, 'CUSTOS_HEALTH_PORT')?.value);
            expect(healthPort, `${where}: CUSTOS_HEALTH_PORT`).toBe(9090);
            expect(probePort(c, c.livenessProbe), `${where}: liveness port`).toBe(healthPort);
            expect(probePort(c, c.readinessProbe), `${where}: readiness port`).toBe(healthPort);
          }
        }
      }
    });

    it('sets an image, resource requests and limits and a locked-down security context on every workload', () => {
      const manifests = render(overlay);
      const workloads = [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')];
      const images = new Set<string>();
      for (const w of workloads) {
        for (const c of [...podOf(w).spec.containers, ...(podOf(w).spec.initContainers ?? [])]) {
          expectImage(w, c);
          expectResources(w, c);
          expectLockedDown(w, c);
          images.add(c.image ?? '');
        }
      }
      // One image for every part and the migrations.
      expect([...images]).toHaveLength(1);
    });

    it('renders no Secret: credentials come from a Secret created out of band', () => {
      const secrets = ofKind(render(overlay), 'Secret');
      for (const s of secrets) {
        expect(s.data ?? {}, `${id(s)} data`).toEqual({});
        expect(s.stringData ?? {}, `${id(s)} stringData`).toEqual({});
      }
      expect(secrets.map((s) => s.metadata.name)).not.toContain(SECRET_NAME);
    });

    it('reads the database URL and the bootstrap credential from the Secret, and nothing secret elsewhere', () => {
      const manifests = render(overlay);
      const workloads = [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')];
      for (const w of workloads) {
        for (const c of podOf(w).spec.containers) {
          for (const name of ['DATABASE_URL', 'CUSTOS_BOOTSTRAP_KEY', 'CUSTOS_BOOTSTRAP_SECRET']) {
            const v = envValue(c, name);
            if (v) {
              expect(v.value, `${id(w)}: ${name} must not be a literal`).toBeUndefined();
              expect(v.valueFrom?.secretKeyRef?.name, `${id(w)}: ${name}`).toBe(SECRET_NAME);
            }
          }
        }
      }
      for (const part of USES_DATABASE) {
        const c = podOf(deploymentFor(manifests, part)[0]!).spec.containers[0]!;
        expect(envValue(c, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name, `${part}: DATABASE_URL`).toBe(
          SECRET_NAME,
        );
      }
      for (const cm of ofKind(manifests, 'ConfigMap')) {
        for (const key of Object.keys(cm.data ?? {})) {
          expect(key, `${id(cm)} holds ${key}`).not.toMatch(/DATABASE_URL|SECRET|PASSWORD|BOOTSTRAP/);
        }
      }
    });

    it('feeds every workload the shared ConfigMap, which is rendered', () => {
      const manifests = render(overlay);
      const configMaps = ofKind(manifests, 'ConfigMap').map((m) => m.metadata.name);
      const shared = configMaps.filter((name) => name === CONFIG_NAME || name.startsWith(`${CONFIG_NAME}-`));
      expect(shared).toHaveLength(1);
      for (const w of [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')]) {
        for (const c of podOf(w).spec.containers) {
          const refs = (c.envFrom ?? []).flatMap((e) => (e.configMapRef ? [e.configMapRef.name] : []));
          expect(refs, `${id(w)} envFrom`).toContain(shared[0]);
        }
      }
      const data = ofKind(manifests, 'ConfigMap').find((m) => m.metadata.name === shared[0])!.data ?? {};
      expect(Object.keys(data)).toEqual(
        expect.arrayContaining(['NATS_URL', 'CUSTOS_NAMESPACE', 'CUSTOS_PUBLIC_URL']),
      );
    });

    it('has a migration Job that runs `custos migrate` once, against the Secret database URL', () => {
      const manifests = render(overlay);
      const jobs = ofKind(manifests, 'Job').filter((j) =>
        podOf(j).spec.containers.some((c) => {
          const argv = [...(c.command ?? []), ...(c.args ?? [])];
          return argv.includes('bin/custos.js') && argv.includes('migrate');
        }),
      );
      expect(jobs.map(id)).toHaveLength(1);
      const job = jobs[0]!;
      expect(['Never', 'OnFailure']).toContain(podOf(job).spec.restartPolicy);
      const c = podOf(job).spec.containers[0]!;
      expect(envValue(c, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe(SECRET_NAME);
      // Migrations run in the Job only, never as a step of the replicas.
      for (const d of ofKind(manifests, 'Deployment')) {
        for (const ic of podOf(d).spec.initContainers ?? []) {
          expect([...(ic.command ?? []), ...(ic.args ?? [])], `${id(d)} init container`).not.toContain(
            'migrate',
          );
        }
      }
    });

    it('autoscales gateway, ingest and query, whose Deployments leave the replica count to the HPA', () => {
      const manifests = render(overlay);
      const hpas = ofKind(manifests, 'HorizontalPodAutoscaler');
      for (const part of AUTOSCALED) {
        const deployment = deploymentFor(manifests, part)[0]!;
        const hpa = hpas.filter(
          (h) =>
            h.spec?.scaleTargetRef?.kind === 'Deployment' &&
            h.spec.scaleTargetRef.name === deployment.metadata.name,
        );
        expect(hpa.map(id), `HPA for ${id(deployment)}`).toHaveLength(1);
        const { minReplicas = 1, maxReplicas = 0 } = hpa[0]!.spec ?? {};
        expect(minReplicas).toBeGreaterThanOrEqual(1);
        expect(maxReplicas).toBeGreaterThanOrEqual(minReplicas);
        expect(deployment.spec?.replicas, `${id(deployment)} replicas (owned by the HPA)`).toBeUndefined();
      }
      for (const part of PARTS.filter((p) => !AUTOSCALED.includes(p))) {
        const deployment = deploymentFor(manifests, part)[0]!;
        expect(deployment.spec?.replicas, `${id(deployment)} replicas`).toBeGreaterThanOrEqual(1);
      }
    });

    it('covers every part with a PodDisruptionBudget that selects its pods', () => {
      const manifests = render(overlay);
      const pdbs = ofKind(manifests, 'PodDisruptionBudget');
      for (const part of PARTS) {
        const deployment = deploymentFor(manifests, part)[0]!;
        const labels = podOf(deployment).metadata?.labels;
        expect(
          selects(deployment.spec?.selector?.matchLabels, labels),
          `${id(deployment)} selects its own pods`,
        ).toBe(true);
        const covering = pdbs.filter((p) => selects(p.spec?.selector?.matchLabels, labels));
        expect(covering.map(id), `PodDisruptionBudget for ${part}`).toHaveLength(1);
      }
    });

    it('exposes the gateway, and only the gateway, through a Service on its HTTP port', () => {
      const manifests = render(overlay);
      const gateway = deploymentFor(manifests, 'gateway')[0]!;
      const services = ofKind(manifests, 'Service');
      const toGateway = services.filter((s) => selects(serviceSelector(s), podOf(gateway).metadata?.labels));
      expect(toGateway.map(id)).toHaveLength(1);
      const c = podOf(gateway).spec.containers[0]!;
      const target = toGateway[0]!.spec?.ports?.[0]?.targetPort;
      const targetPort =
        typeof target === 'number' ? target : c.ports?.find((p) => p.name === target)?.containerPort;
      expect(targetPort).toBe(Number(envValue(c, 'PORT')?.value ?? 8080));
      for (const part of PARTS.filter((p) => p !== 'gateway')) {
        const labels = podOf(deploymentFor(manifests, part)[0]!).metadata?.labels;
        expect(
          services.filter((s) => selects(serviceSelector(s), labels)).map(id),
          `Service for ${part}`,
        ).toEqual([]);
      }
    });
  });
}

describe('deploy/nats stream definition', () => {
  const stream = JSON.parse(readFileSync(STREAM_FILE, 'utf8')) as {
    name: string;
    subjects: string[];
    storage: string;
    duplicate_window: number;
    num_replicas: number;
  };

  it('is the default namespace event stream, file-backed with a 2-minute duplicate window', () => {
    expect(stream.name).toBe(eventStreamName('custos'));
    expect(stream.storage).toBe('file');
    expect(stream.duplicate_window).toBe(2 * 60 * 1_000_000_000);
    expect(stream.num_replicas).toBeGreaterThanOrEqual(1);
  });

  it('lists exactly the event subjects the code declares (the parts reset the subjects to these)', () => {
    const declared = Object.keys(Events).map((subject) => `custos.${subject}`);
    expect([...stream.subjects].sort()).toEqual(declared.sort());
  });
});
