// Checks the deployment files in deploy/: renders every kustomize overlay with `kubectl kustomize`
// and asserts what a safe rollout relies on (one Deployment per part, probes on the right port,
// resource limits, a non-root read-only container, no Secret rendered, the migration Job), the
// network policies (their shape, and what each part may reach), PostgreSQL's roles and TLS, and
// keeps the JetStream stream definition in step with the event subjects in the code.
// Without kubectl on PATH the rendering checks are skipped, with the reason in the test name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Events, eventStreamName } from '@custos/contracts';
import { gatewayShape } from '@custos/gateway';
import { eventStreamConfig, serverCredentialVariable } from '@custos/messaging';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OVERLAYS_DIR = join(ROOT, 'deploy', 'k8s', 'overlays');
/** The edge components an operator switches on in an overlay (one of them). */
const EDGES = ['ingress', 'gateway-api'];
/** The port every part, the gateway included, serves its detailed /readyz on (CUSTOS_HEALTH_PORT). */
const HEALTH_PORT = 9090;
const STREAM_FILE = join(ROOT, 'deploy', 'nats', 'stream-custos-events.json');
const SECRET_EXAMPLE = join(ROOT, 'deploy', 'k8s', 'base', 'secret.example.yaml');

const PARTS = ['gateway', 'ingest', 'storage', 'consent', 'query'] as const;
type Part = (typeof PARTS)[number];
const AUTOSCALED: readonly Part[] = ['gateway', 'ingest', 'query'];
const USES_DATABASE: readonly Part[] = ['storage', 'consent'];
const SECRET_NAME = 'custos-secrets';
const CONFIG_NAME = 'custos-config';
/** Overlays whose namespace may also hold a throwaway NATS and PostgreSQL: the default deny covers Custos's pods. */
const SHARED_NAMESPACE_OVERLAYS = ['dev'];

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
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
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
    volumes?: {
      name: string;
      secret?: { secretName: string; items?: { key: string; path: string }[] };
      configMap?: { name: string; optional?: boolean; items?: { key: string; path: string }[] };
    }[];
  };
}

interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
  egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[];
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Record<string, string> };
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
    ttlSecondsAfterFinished?: number;
    // Ingress (networking.k8s.io/v1) and HTTPRoute (gateway.networking.k8s.io/v1).
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: {
      host?: string;
      http?: {
        paths: { backend: { service?: { name: string; port: { name?: string; number?: number } } } }[];
      };
      backendRefs?: { kind?: string; name: string; port?: number }[];
      timeouts?: { request?: string; backendRequest?: string };
    }[];
    hostnames?: string[];
    parentRefs?: { name: string; namespace?: string; sectionName?: string }[];
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

/** The components an overlay switches on itself, from its kustomization.yaml. */
const componentsOf = (overlay: string): string[] =>
  [
    ...readFileSync(join(OVERLAYS_DIR, overlay, 'kustomization.yaml'), 'utf8').matchAll(
      /^\s*-\s*\.\.\/\.\.\/components\/([\w-]+)\s*$/gm,
    ),
  ].map((m) => m[1]!);

/**
 * What is rendered and checked: every overlay as it is, and with each edge component it does not switch on
 * itself (in place of its own edge, as an operator would swap them), e.g. "production+gateway-api".
 */
const variants: { name: string; overlay: string; swapTo?: string }[] = overlays.flatMap((overlay) => [
  { name: overlay, overlay },
  ...EDGES.filter((edge) => !componentsOf(overlay).includes(edge)).map((edge) => ({
    name: `${overlay}+${edge}`,
    overlay,
    swapTo: edge,
  })),
]);

const rendered = new Map<string, Manifest[]>();

/** `outside`: the kustomization refers to files outside its directory (a temporary copy of an overlay). */
function kustomize(dir: string, outside = false): string {
  const args = outside ? ['--load-restrictor', 'LoadRestrictionsNone'] : [];
  return execFileSync('kubectl', ['kustomize', dir, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * An overlay with another edge: a copy of its kustomization.yaml in a temporary directory (kustomize takes only
 * relative paths, so they are rewritten relative to it) whose edge component is replaced by `edge`.
 */
function renderSwapped(overlay: string, edge: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'custos-kustomize-'));
  try {
    const from = join(OVERLAYS_DIR, overlay);
    const rel = relative(dir, from);
    let text = readFileSync(join(from, 'kustomization.yaml'), 'utf8');
    const edges = EDGES.filter((e) => componentsOf(overlay).includes(e));
    for (const e of edges) text = text.replace(`../../components/${e}`, `../../components/${edge}`);
    if (edges.length === 0) {
      text = text.replace(/^components:\n/m, `components:\n  - ../../components/${edge}\n`);
    }
    // Every relative reference (resources, components, patch files) now starts from the temporary directory.
    text = text.replace(
      /^(\s*-\s*(?:path:\s*)?)((?:\.\.\/)+[\w./-]+|[\w-]+\.yaml)\s*$/gm,
      (_, lead: string, path: string) => `${lead}${join(rel, path)}`,
    );
    writeFileSync(join(dir, 'kustomization.yaml'), text);
    return kustomize(dir, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `kubectl kustomize` of one variant, parsed; rendered once per variant. */
function render(variant: string): Manifest[] {
  const cached = rendered.get(variant);
  if (cached) return cached;
  const v = variants.find((x) => x.name === variant)!;
  const yamlText = v.swapTo ? renderSwapped(v.overlay, v.swapTo) : kustomize(join(OVERLAYS_DIR, v.overlay));
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(`${variant}: invalid YAML: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) manifests.push(value as Manifest);
  }
  rendered.set(variant, manifests);
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
// Network policies: their shape (the fields and values networking.k8s.io/v1 accepts, so a typo is
// not silently ignored by the API server's pruning) and what they allow, evaluated as the
// API defines it: a pod is isolated in a direction once any policy of that type selects it, and
// then allowed what the union of those policies' rules allows.

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$|^[0-9a-f:]+\/\d{1,3}$/i;

function keysWithin(where: string, value: object, allowed: string[]): string[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown field ${k}`);
}

function selectorProblems(where: string, sel: LabelSelector | undefined): string[] {
  if (sel === undefined) return [];
  if (typeof sel !== 'object' || sel === null) return [`${where}: not an object`];
  const problems = keysWithin(where, sel, ['matchLabels', 'matchExpressions']);
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (typeof v !== 'string') problems.push(`${where}.matchLabels.${k}: not a string`);
  }
  for (const [i, e] of (sel.matchExpressions ?? []).entries()) {
    const at = `${where}.matchExpressions[${i}]`;
    problems.push(...keysWithin(at, e, ['key', 'operator', 'values']));
    if (typeof e.key !== 'string' || e.key === '') problems.push(`${at}.key: missing`);
    if (!OPERATORS.includes(e.operator)) problems.push(`${at}.operator: ${e.operator}`);
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    if (needsValues !== (Array.isArray(e.values) && e.values.length > 0)) {
      problems.push(`${at}.values: ${needsValues ? 'required' : 'must be empty'} for ${e.operator}`);
    }
  }
  return problems;
}

function cidrProblem(where: string, cidr: unknown): string[] {
  const m = typeof cidr === 'string' ? CIDR.exec(cidr) : null;
  if (!m) return [`${where}: not a CIDR (${String(cidr)})`];
  if (m[1] !== undefined && ([m[1], m[2], m[3], m[4]].some((o) => Number(o) > 255) || Number(m[5]) > 32)) {
    return [`${where}: not a CIDR (${String(cidr)})`];
  }
  return [];
}

function peerProblems(where: string, peer: PolicyPeer): string[] {
  const problems = keysWithin(where, peer, ['podSelector', 'namespaceSelector', 'ipBlock']);
  if (peer.ipBlock !== undefined) {
    if (peer.podSelector !== undefined || peer.namespaceSelector !== undefined) {
      problems.push(`${where}: ipBlock cannot be combined with selectors`);
    }
    problems.push(...keysWithin(`${where}.ipBlock`, peer.ipBlock, ['cidr', 'except']));
    problems.push(...cidrProblem(`${where}.ipBlock.cidr`, peer.ipBlock.cidr));
    for (const e of peer.ipBlock.except ?? []) problems.push(...cidrProblem(`${where}.ipBlock.except`, e));
  } else if (peer.podSelector === undefined && peer.namespaceSelector === undefined) {
    problems.push(`${where}: a peer needs a podSelector, a namespaceSelector or an ipBlock`);
  }
  problems.push(...selectorProblems(`${where}.podSelector`, peer.podSelector));
  problems.push(...selectorProblems(`${where}.namespaceSelector`, peer.namespaceSelector));
  return problems;
}

function portProblems(where: string, port: PolicyPort): string[] {
  const problems = keysWithin(where, port, ['protocol', 'port', 'endPort']);
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) {
    problems.push(`${where}.protocol: ${port.protocol}`);
  }
  const p = port.port;
  const numeric = typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
  const named = typeof p === 'string' && /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(p);
  if (p !== undefined && !numeric && !named) problems.push(`${where}.port: ${String(p)}`);
  return problems;
}

/** Everything wrong with a NetworkPolicy's shape, or []. */
function networkPolicyProblems(m: Manifest): string[] {
  const where = id(m);
  const problems: string[] = [];
  if (m.apiVersion !== 'networking.k8s.io/v1') problems.push(`${where}: apiVersion ${m.apiVersion}`);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(m.metadata.name)) problems.push(`${where}: bad name`);
  const spec = m.spec as unknown as NetworkPolicySpec | undefined;
  if (!spec) return [...problems, `${where}: no spec`];
  problems.push(...keysWithin(`${where} spec`, spec, ['podSelector', 'policyTypes', 'ingress', 'egress']));
  if (spec.podSelector === undefined) problems.push(`${where}: spec.podSelector is required`);
  problems.push(...selectorProblems(`${where} spec.podSelector`, spec.podSelector));
  for (const t of spec.policyTypes ?? []) {
    if (t !== 'Ingress' && t !== 'Egress') problems.push(`${where}: policyType ${t}`);
  }
  if (spec.ingress && !spec.policyTypes?.includes('Ingress')) {
    problems.push(`${where}: ingress rules, no Ingress type`);
  }
  if (spec.egress && !spec.policyTypes?.includes('Egress')) {
    problems.push(`${where}: egress rules, no Egress type`);
  }
  for (const [dir, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const [i, rule] of ((spec[dir] ?? []) as Record<string, unknown>[]).entries()) {
      const at = `${where} ${dir}[${i}]`;
      problems.push(...keysWithin(at, rule, [peersKey, 'ports']));
      for (const [j, peer] of ((rule[peersKey] ?? []) as PolicyPeer[]).entries()) {
        problems.push(...peerProblems(`${at}.${peersKey}[${j}]`, peer));
      }
      for (const [j, port] of ((rule.ports ?? []) as PolicyPort[]).entries()) {
        problems.push(...portProblems(`${at}.ports[${j}]`, port));
      }
    }
  }
  return problems;
}

/** Label-selector matching as Kubernetes defines it (an empty selector matches everything). */
function matches(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (sel === undefined) return true;
  const byLabels = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (sel.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]!);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]!);
      case 'Exists':
        return has;
      default:
        return !has;
    }
  });
  return byLabels && byExpressions;
}

/** One allowed connection: a peer and one port (a rule with no ports or no peers is "any"). */
interface Allowed {
  peer: PolicyPeer | 'any';
  protocol: string;
  /** A number, a named port, or 'any'. */
  port: number | string;
}

const policiesOf = (manifests: Manifest[]) =>
  ofKind(manifests, 'NetworkPolicy').map((m) => ({ m, spec: m.spec as unknown as NetworkPolicySpec }));

/** What the policies allow pods with `labels` in one direction; `isolated` false means everything. */
function allowedFor(
  manifests: Manifest[],
  labels: Labels,
  direction: 'Ingress' | 'Egress',
): { isolated: boolean; allowed: Allowed[] } {
  const selecting = policiesOf(manifests).filter(
    ({ spec }) => (spec.policyTypes ?? ['Ingress']).includes(direction) && matches(spec.podSelector, labels),
  );
  const allowed: Allowed[] = [];
  for (const { spec } of selecting) {
    const rules = direction === 'Ingress' ? (spec.ingress ?? []) : (spec.egress ?? []);
    for (const rule of rules) {
      const listed = 'from' in rule ? rule.from : 'to' in rule ? rule.to : undefined;
      const peers: (PolicyPeer | 'any')[] = listed && listed.length > 0 ? listed : ['any'];
      const ports = (rule.ports ?? []).length > 0 ? rule.ports! : [{ protocol: 'any', port: 'any' }];
      for (const peer of peers) {
        for (const p of ports) allowed.push({ peer, protocol: p.protocol ?? 'TCP', port: p.port ?? 'any' });
      }
    }
  }
  return { isolated: selecting.length > 0, allowed };
}

/** "4222/TCP" for each allowed connection, sorted and unique. */
const portsOf = (allowed: Allowed[]): string[] =>
  [...new Set(allowed.map((a) => `${String(a.port)}/${a.protocol}`))].sort();

/** The pod labels each workload of an overlay runs with. */
function workloadLabels(manifests: Manifest[]): Map<string, Labels> {
  const out = new Map<string, Labels>();
  for (const w of [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')]) {
    const component = componentOf(w);
    if (component) out.set(component, podOf(w).metadata?.labels ?? {});
  }
  return out;
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
  describe.each(variants.map((v) => v.name))('overlay %s', (overlay) => {
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
            // The public /readyz (NATS reachable), not the detailed one on the health port: one part down must
            // not take the gateways out of the Service.
            const port = Number(envValue(c, 'PORT')?.value ?? 8080);
            expect(probePort(c, c.livenessProbe), `${where}: liveness port`).toBe(port);
            expect(probePort(c, c.readinessProbe), `${where}: readiness port`).toBe(port);
            expect(Number(envValue(c, 'CUSTOS_HEALTH_PORT')?.value), `${where}: CUSTOS_HEALTH_PORT`).toBe(
              HEALTH_PORT,
            );
            expect(c.ports?.map((p) => p.containerPort)).toContain(HEALTH_PORT);
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

    it('names the migration and nats-apply Jobs after the release, so a release applies without deleting the last', () => {
      const manifests = render(overlay);
      const jobs = ofKind(manifests, 'Job');
      expect(jobs.map((j) => componentOf(j)).sort()).toEqual(['migrate', 'nats-apply']);
      const releases = new Set<string>();
      for (const job of jobs) {
        const release = job.metadata.labels?.['app.kubernetes.io/version'] ?? '';
        expect(release, `${id(job)}: release label`).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        expect(release, `${id(job)}: the placeholder`).not.toBe('release');
        expect(job.metadata.name).toBe(`custos-${componentOf(job)!}-${release}`);
        // The Job's pod gets a job-name label of its name: at most 63 characters.
        expect(job.metadata.name.length).toBeLessThanOrEqual(63);
        expect(job.spec?.ttlSecondsAfterFinished, `${id(job)}: removed after it finishes`).toBeGreaterThan(0);
        releases.add(release);
      }
      expect(releases.size, 'one release for both Jobs').toBe(1);
      // The release is the image tag, spelled as a DNS label (0.2.0 → 0-2-0), so the two cannot drift apart.
      const image = podOf(jobs[0]!).spec.containers[0]!.image ?? '';
      const tag = /:([\w][\w.-]*)$/.exec(image.split('/').pop() ?? '')?.[1];
      if (tag) expect([...releases][0]).toBe(tag.toLowerCase().replace(/[._]/g, '-'));
    });

    it('runs `custos nats apply` as storage, with one replica, or three in production', () => {
      const manifests = render(overlay);
      const job = ofKind(manifests, 'Job').find((j) => componentOf(j) === 'nats-apply')!;
      const c = podOf(job).spec.containers[0]!;
      expect([...(c.command ?? []), ...(c.args ?? [])].slice(0, 4)).toEqual([
        'node',
        'bin/custos.js',
        'nats',
        'apply',
      ]);
      const replicas = c.args?.[c.args.indexOf('--replicas') + 1];
      expect(replicas).toBe(overlay.startsWith('production') ? '3' : '1');
      expect(envValue(c, 'CUSTOS_NATS_NKEY_SEED')?.valueFrom?.secretKeyRef).toEqual({
        name: SECRET_NAME,
        key: 'CUSTOS_NATS_STORAGE_NKEY_SEED',
      });
      expect(envValue(c, 'DATABASE_URL'), 'no database').toBeUndefined();
    });

    it('mounts every CA bundle read-only and points the process at it', () => {
      for (const w of [...ofKind(render(overlay), 'Deployment'), ...ofKind(render(overlay), 'Job')]) {
        for (const c of podOf(w).spec.containers) {
          // A CA is trusted only where a setting names it (CUSTOS_*_CA_FILE), never process-wide.
          expect(envValue(c, 'NODE_EXTRA_CA_CERTS'), `${id(w)}: NODE_EXTRA_CA_CERTS`).toBeUndefined();
          for (const { name } of (c.env ?? []).filter((e) => e.name.endsWith('_CA_FILE'))) {
            const file = envValue(c, name)?.value;
            expect(file, `${id(w)}: ${name} names a file`).toBeTruthy();
            const mount = c.volumeMounts?.find((m) => file!.startsWith(`${m.mountPath}/`));
            expect(mount, `${id(w)}: ${name} ${file} is mounted`).toBeDefined();
            expect(mount!.readOnly, `${id(w)}: ${name} read-only`).toBe(true);
          }
        }
      }
      if (overlay.startsWith('production')) {
        // The private OIDC issuer's CA: the ConfigMap custos-oidc-ca, named by consent's CUSTOS_OIDC_CA_FILE.
        const consent = ofKind(render(overlay), 'Deployment').find((d) => componentOf(d) === 'consent')!;
        const c = podOf(consent).spec.containers[0]!;
        const file = envValue(c, 'CUSTOS_OIDC_CA_FILE')?.value;
        expect(file).toBe('/etc/custos/oidc-ca/ca.crt');
        const mount = c.volumeMounts!.find((m) => file!.startsWith(`${m.mountPath}/`))!;
        const volume = podOf(consent).spec.volumes?.find((v) => v.name === mount.name);
        expect(volume?.configMap?.name).toBe('custos-oidc-ca');
      }
    });

    it('renders network policies whose shape networking.k8s.io/v1 accepts', () => {
      const policies = ofKind(render(overlay), 'NetworkPolicy');
      expect(policies.length).toBeGreaterThan(0);
      expect(policies.flatMap(networkPolicyProblems)).toEqual([]);
    });

    it('denies all ingress and egress by default', () => {
      const manifests = render(overlay);
      const denyAll = policiesOf(manifests).filter(
        ({ spec }) =>
          (spec.policyTypes ?? []).includes('Ingress') &&
          (spec.policyTypes ?? []).includes('Egress') &&
          (spec.ingress ?? []).length === 0 &&
          (spec.egress ?? []).length === 0,
      );
      expect(denyAll.map((p) => id(p.m))).toHaveLength(1);
      const { spec } = denyAll[0]!;
      if (SHARED_NAMESPACE_OVERLAYS.includes(overlay.split('+')[0]!)) {
        expect(matches(spec.podSelector, {}), 'dev: only Custos pods').toBe(false);
      } else {
        expect(spec.podSelector, 'every pod of the namespace').toEqual({});
      }
      for (const [component, labels] of workloadLabels(manifests)) {
        expect(matches(spec.podSelector, labels), `${component} under the default deny`).toBe(true);
      }
    });

    it('admits ingress to the gateway only, from a selected namespace, on its HTTP port', () => {
      const manifests = render(overlay);
      const workloads = workloadLabels(manifests);
      expect([...workloads.keys()].sort()).toEqual([...PARTS, 'migrate', 'nats-apply'].sort());
      for (const [component, labels] of workloads) {
        const { isolated, allowed } = allowedFor(manifests, labels, 'Ingress');
        expect(isolated, `${component}: ingress isolated`).toBe(true);
        if (component !== 'gateway') {
          expect(allowed, `${component}: ingress allowed`).toEqual([]);
          continue;
        }
        const gateway = podOf(deploymentFor(manifests, 'gateway')[0]!).spec.containers[0]!;
        expect(portsOf(allowed)).toEqual([`${envValue(gateway, 'PORT')?.value ?? 8080}/TCP`]);
        for (const { peer } of allowed) {
          expect(peer, 'gateway ingress from anywhere').not.toBe('any');
          const p = peer as PolicyPeer;
          expect(p.ipBlock, 'gateway ingress by address').toBeUndefined();
          // A namespace selected by its labels; not every namespace ({}), not pods of this one only.
          const ns = p.namespaceSelector;
          expect(
            Object.keys(ns?.matchLabels ?? {}).length + (ns?.matchExpressions ?? []).length,
          ).toBeGreaterThan(0);
        }
      }
    });

    it('lets each part egress only to NATS, PostgreSQL, the OIDC issuer, forwarding targets, import sources, archive issuers and DNS, as it needs', () => {
      const manifests = render(overlay);
      const custosPods = [...workloadLabels(manifests).values()];
      const config = ofKind(manifests, 'ConfigMap').find((m) => m.metadata.name.startsWith(CONFIG_NAME))!;
      const natsPort = new URL(config.data?.NATS_URL ?? '').port || '4222';
      const expected = (...ports: string[]) => [...ports, '53/TCP', '53/UDP'].sort();
      const EGRESS: Record<string, string[]> = {
        // Trusted issuers' keys of portable archives, and the LRSs an admin imports from, over HTTPS (docs/flows.md).
        gateway: expected(`${natsPort}/TCP`, '443/TCP'),
        ingest: expected(`${natsPort}/TCP`, '443/TCP'),
        // Forwarding targets over HTTPS (docs/flows.md "Forwarding").
        query: expected(`${natsPort}/TCP`, '443/TCP'),
        storage: expected(`${natsPort}/TCP`, '5432/TCP'),
        consent: expected(`${natsPort}/TCP`, '5432/TCP', '443/TCP'),
        migrate: expected('5432/TCP'),
        'nats-apply': expected(`${natsPort}/TCP`),
      };
      for (const [component, labels] of workloadLabels(manifests)) {
        const { isolated, allowed } = allowedFor(manifests, labels, 'Egress');
        expect(isolated, `${component}: egress isolated`).toBe(true);
        expect(portsOf(allowed), `${component}: egress ports`).toEqual(EGRESS[component]);
        for (const a of allowed) {
          const where = `${component} → ${String(a.port)}/${a.protocol}`;
          expect(a.peer, `${where}: to anywhere`).not.toBe('any');
          const peer = a.peer as PolicyPeer;
          if (peer.ipBlock) {
            // By address (the OIDC issuer; a database or NATS outside the cluster): a range, not everywhere
            // unless private ranges are cut out of it.
            const open = peer.ipBlock.cidr === '0.0.0.0/0' || peer.ipBlock.cidr === '::/0';
            expect(!open || (peer.ipBlock.except ?? []).includes('10.0.0.0/8'), `${where}: anywhere`).toBe(
              true,
            );
            continue;
          }
          // NATS, PostgreSQL and DNS in the cluster are pods of their own, selected by labels no Custos pod has.
          const pods = peer.podSelector;
          expect(
            Object.keys(pods?.matchLabels ?? {}).length + (pods?.matchExpressions ?? []).length,
            where,
          ).toBeGreaterThan(0);
          expect(
            custosPods.some((l) => matches(pods, l)),
            `${where}: selects a Custos pod`,
          ).toBe(false);
          if (a.port === 53) expect(pods?.matchExpressions?.[0]?.values, where).toContain('kube-dns');
        }
      }
    });

    it('connects the migration Job, storage and consent as their own database roles, over TLS with the CA', () => {
      const manifests = render(overlay);
      const keys = new Map<string, string | undefined>();
      for (const w of [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')]) {
        const component = componentOf(w)!;
        const c = podOf(w).spec.containers[0]!;
        const url = envValue(c, 'DATABASE_URL');
        if (!['storage', 'consent', 'migrate'].includes(component)) {
          expect(url, `${component} has no database`).toBeUndefined();
          continue;
        }
        keys.set(component, url?.valueFrom?.secretKeyRef?.key);
        // The CA file lies in a read-only mount of the custos-db-ca Secret, holding ca.crt only.
        const caFile = envValue(c, 'CUSTOS_DATABASE_CA_FILE')?.value ?? '';
        const mount = c.volumeMounts?.find((m) => caFile.startsWith(`${m.mountPath}/`));
        expect(mount, `${component}: CUSTOS_DATABASE_CA_FILE ${caFile} is mounted`).toBeDefined();
        expect(mount!.readOnly, `${component}: CA mount read-only`).toBe(true);
        const volume = podOf(w).spec.volumes?.find((v) => v.name === mount!.name);
        expect(volume?.secret?.secretName).toBe('custos-db-ca');
        expect(volume?.secret?.items).toEqual([
          { key: 'ca.crt', path: caFile.slice(mount!.mountPath.length + 1) },
        ]);
        if (component === 'migrate') {
          const storageRole = envValue(c, 'CUSTOS_DATABASE_STORAGE_ROLE')?.value;
          const consentRole = envValue(c, 'CUSTOS_DATABASE_CONSENT_ROLE')?.value;
          expect(
            storageRole && consentRole && storageRole !== consentRole,
            'runtime roles granted',
          ).toBeTruthy();
        }
      }
      expect(Object.fromEntries(keys)).toEqual({
        migrate: 'DATABASE_URL_MIGRATE',
        storage: 'DATABASE_URL_STORAGE',
        consent: 'DATABASE_URL_CONSENT',
      });
    });

    it('reads only Secret keys that secret.example.yaml documents', () => {
      const documented = new Map<string, string[]>();
      for (const doc of parseAllDocuments(readFileSync(SECRET_EXAMPLE, 'utf8'))) {
        const m = doc.toJS() as Manifest;
        documented.set(m.metadata.name, Object.keys(m.stringData ?? {}));
      }
      for (const w of [...ofKind(render(overlay), 'Deployment'), ...ofKind(render(overlay), 'Job')]) {
        for (const c of podOf(w).spec.containers) {
          for (const e of c.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef;
            if (ref) {
              expect(documented.get(ref.name) ?? [], `${id(w)} reads ${ref.name}/${ref.key}`).toContain(
                ref.key,
              );
            }
          }
        }
        for (const v of podOf(w).spec.volumes ?? []) {
          for (const item of v.secret?.items ?? []) {
            expect(documented.get(v.secret!.secretName) ?? [], `${id(w)} mounts ${item.key}`).toContain(
              item.key,
            );
          }
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

    it('exposes at the edge (Ingress or HTTPRoute) only the gateway Service, on its HTTP port, over TLS', () => {
      const manifests = render(overlay);
      const gatewayService = ofKind(manifests, 'Service').find((s) =>
        selects(serviceSelector(s), podOf(deploymentFor(manifests, 'gateway')[0]!).metadata?.labels),
      )!;
      const http = gatewayService.spec!.ports!.find((p) => p.name === 'http')!;
      const namespace = ofKind(manifests, 'Namespace')[0]?.metadata.name;
      const edges = [...ofKind(manifests, 'Ingress'), ...ofKind(manifests, 'HTTPRoute')];
      const switchedOn = componentsOf(overlay.split('+')[0]!).filter((c) => EDGES.includes(c));
      expect(edges.length, 'an edge when one is switched on').toBe(
        overlay.includes('+') || switchedOn.length > 0 ? 1 : 0,
      );
      for (const edge of edges) {
        expect(edge.metadata.namespace, `${id(edge)}: in Custos's namespace`).toBe(namespace);
        for (const rule of edge.spec?.rules ?? []) {
          const backends =
            edge.kind === 'Ingress'
              ? (rule.http?.paths ?? []).map((p) => ({
                  name: p.backend.service?.name,
                  port: p.backend.service?.port.name ?? p.backend.service?.port.number,
                }))
              : (rule.backendRefs ?? []).map((b) => ({ name: b.name, port: b.port, kind: b.kind }));
          expect(backends.length).toBeGreaterThan(0);
          for (const b of backends) {
            expect(b.name, `${id(edge)} backend`).toBe(gatewayService.metadata.name);
            expect([http.name, http.port], `${id(edge)} backend port`).toContain(b.port);
          }
        }
      }
    });

    it('lets attachments through the edge: body size and timeouts at least the gateway limits', () => {
      const manifests = render(overlay);
      // The gateway's limits, from its configuration schema: 50mb and 30 s unless the ConfigMap says otherwise.
      const config = ofKind(manifests, 'ConfigMap').find((m) =>
        m.metadata.name.startsWith(CONFIG_NAME),
      )!.data!;
      const bodyLimit =
        config.CUSTOS_GATEWAY__BODY_LIMIT ?? gatewayShape.CUSTOS_GATEWAY__BODY_LIMIT.parse(undefined);
      const timeoutMs = Number(
        config.CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS ??
          gatewayShape.CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS.parse(undefined),
      );
      const mib = (size: string): number => {
        const m = /^(\d+)\s*(k|m|g)b?$/i.exec(size.trim())!;
        return Number(m[1]) * { k: 1 / 1024, m: 1, g: 1024 }[m[2]!.toLowerCase() as 'k' | 'm' | 'g'];
      };
      const seconds = (d: string): number => {
        const m = /^(\d+)(ms|s|m|h)?$/.exec(d)!;
        return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
      };
      for (const ingress of ofKind(manifests, 'Ingress')) {
        const a = ingress.metadata.annotations ?? {};
        expect(
          mib(a['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m'),
          'proxy-body-size',
        ).toBeGreaterThanOrEqual(mib(bodyLimit));
        for (const t of ['proxy-read-timeout', 'proxy-send-timeout']) {
          expect(Number(a[`nginx.ingress.kubernetes.io/${t}`] ?? 60), t).toBeGreaterThan(timeoutMs / 1000);
        }
        expect(ingress.spec?.tls?.[0]?.secretName, 'TLS from a Secret').toBeTruthy();
        expect(ingress.spec?.tls?.[0]?.hosts).toEqual(ingress.spec?.rules?.map((r) => r.host));
      }
      for (const route of ofKind(manifests, 'HTTPRoute')) {
        for (const rule of route.spec?.rules ?? []) {
          expect(seconds(rule.timeouts?.request ?? '0'), 'request timeout').toBeGreaterThan(timeoutMs / 1000);
          expect(seconds(rule.timeouts?.backendRequest ?? '0'), 'backend timeout').toBeGreaterThan(
            timeoutMs / 1000,
          );
        }
        expect(route.spec?.parentRefs?.[0]?.sectionName, 'attached to a (TLS) listener').toBeTruthy();
      }
      // The public URL is the edge's host (an overlay as shipped; with another edge swapped in, the operator sets
      // the host).
      const hosts = [
        ...ofKind(manifests, 'Ingress').flatMap((i) => i.spec?.rules?.map((r) => r.host) ?? []),
        ...ofKind(manifests, 'HTTPRoute').flatMap((r) => r.spec?.hostnames ?? []),
      ];
      if (!overlay.includes('+')) {
        for (const host of hosts) expect(new URL(config.CUSTOS_PUBLIC_URL!).host).toBe(host);
      }
    });
  });
}

const DEPENDENCIES_DIR = join(ROOT, 'deploy', 'k8s', 'dependencies');

describe('deploy/k8s/dependencies examples', () => {
  it.skipIf(!kubectl.ok)(
    'CloudNativePG: three instances, nightly backups with WAL archiving, the roles the Job grants',
    () => {
      const manifests = parseAllDocuments(kustomize(join(DEPENDENCIES_DIR, 'cloudnative-pg'))).map(
        (d) => d.toJS() as Manifest & { spec: Record<string, unknown> },
      );
      const cluster = manifests.find((m) => m.kind === 'Cluster')! as unknown as {
        metadata: { name: string; namespace: string };
        spec: {
          instances: number;
          bootstrap: { initdb: { owner: string } };
          managed: { roles: { name: string; login: boolean; superuser: boolean; bypassrls: boolean }[] };
          backup: { barmanObjectStore: { wal?: unknown } };
        };
      };
      // What the network policies and secret.example.yaml point at: custos-db-rw.custos-db.svc.
      expect(cluster.metadata).toMatchObject({ name: 'custos-db', namespace: 'custos-db' });
      expect(cluster.spec.instances).toBe(3);
      expect(cluster.spec.backup.barmanObjectStore.wal, 'WAL archived: point-in-time recovery').toBeDefined();
      const backup = manifests.find((m) => m.kind === 'ScheduledBackup')! as unknown as {
        spec: { cluster: { name: string }; schedule: string };
      };
      expect(backup.spec.cluster.name).toBe('custos-db');
      // The roles the migration Job grants (and the production Secret's URLs log in as).
      const job = ofKind(render('production'), 'Job').find((j) => componentOf(j) === 'migrate')!;
      const c = podOf(job).spec.containers[0]!;
      expect(cluster.spec.bootstrap.initdb.owner).toBe('custos_migrate');
      expect(cluster.spec.managed.roles.map((r) => r.name).sort()).toEqual(
        [
          envValue(c, 'CUSTOS_DATABASE_CONSENT_ROLE')?.value,
          envValue(c, 'CUSTOS_DATABASE_STORAGE_ROLE')?.value,
        ].sort(),
      );
      for (const role of cluster.spec.managed.roles) {
        expect(role, role.name).toMatchObject({ login: true, superuser: false, bypassrls: false });
      }
    },
  );

  it('NATS Helm values: three JetStream servers, the accounts file, the public key of every part', () => {
    const values = parseAllDocuments(
      readFileSync(join(DEPENDENCIES_DIR, 'nats', 'values.yaml'), 'utf8'),
    )[0]!.toJS() as {
      config: {
        cluster: { enabled: boolean; replicas: number };
        jetstream: { enabled: boolean };
        merge: Record<string, string>;
      };
      container: { env: Record<string, unknown> };
    };
    expect(values.config.cluster).toEqual({ enabled: true, replicas: 3 });
    expect(values.config.jetstream.enabled).toBe(true);
    expect(Object.values(values.config.merge)).toContain('accounts-custos.conf');
    expect(Object.keys(values.container.env).sort()).toEqual(
      PARTS.map((part) => serverCredentialVariable('custos', part, 'nkey')).sort(),
    );
  });
});

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

  it('is what `custos nats apply --replicas 3` declares for namespace custos, field by field', () => {
    const declared = eventStreamConfig('custos', 3) as unknown as Record<string, unknown>;
    const file = stream as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(declared)) {
      expect(key === 'subjects' ? [...(file[key] as string[])].sort() : file[key], key).toEqual(
        key === 'subjects' ? [...(value as string[])].sort() : value,
      );
    }
  });

  it('lists exactly the event subjects the code declares (the parts reset the subjects to these)', () => {
    const declared = Object.keys(Events).map((subject) => `custos.${subject}`);
    expect([...stream.subjects].sort()).toEqual(declared.sort());
  });
});
