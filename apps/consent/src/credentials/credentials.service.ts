// Credentials of xAPI clients: creation, listing, revocation (by operators through the CLI, by a tenant's admins
// over /api/v1/credentials) and HTTP Basic verification.
import { createHash, randomUUID } from 'node:crypto';

import { credentialsOf, abilityWithoutPolicies, parseScopes } from '@custos/authz';
import {
  BadRequestError,
  type CreateCredentialBodyV1,
  type DomainError,
  ForbiddenError,
  NotFoundError,
  type PrincipalV1,
  UnauthorizedError,
} from '@custos/contracts';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { type Actor, adminActor, BOOTSTRAP, ChangeLog, OPERATOR } from '../change-log/index.js';
import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import {
  credentialSubject,
  generateKey,
  generateSecret,
  hashSecret,
  type Refusal,
  SignInThrottle,
  subjectsOf,
  verifySecret,
  WrongSecret,
} from '../tokens/index.js';
import { type CredentialRecord, CredentialRepository } from './credential.repository.js';

export interface CreateCredentialInput {
  tenantId: string;
  name: string;
  scopes: string[];
  key?: string;
  secret?: string;
  /** Binds it to this policy's purpose (a current policy of the tenant). */
  writePolicyId?: string | null;
}

export type CredentialView = Omit<CredentialRecord, 'secretHash'>;

const MAX_VERIFIED = 10_000;
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const view = ({ secretHash: _hidden, ...rest }: CredentialRecord): CredentialView => rest;

/** The principal a credential authenticates as; `publicUrl` is the homePage of the authority it records. */
export function credentialPrincipalOf(c: CredentialView, publicUrl: string): PrincipalV1 {
  return {
    kind: 'credential',
    tenantId: c.tenantId,
    credentialId: c.id,
    key: c.key,
    scopes: c.scopes,
    ...(c.writePolicyId ? { writePolicyId: c.writePolicyId } : {}),
    // xAPI 2.0 Data §2.4.9: the LRS records who vouched for a statement.
    authority: {
      objectType: 'Agent',
      name: c.name,
      account: { homePage: publicUrl, name: c.key },
    },
  };
}

/** Who may create, list and revoke a tenant's credentials: the CASL administration policy (the admin role). */
function requireCredentialAdmin(principal: PrincipalV1): void {
  if (!abilityWithoutPolicies(principal).can('manage', credentialsOf(principal.tenantId))) {
    throw new ForbiddenError('managing credentials needs the admin role');
  }
}

@Injectable()
export class CredentialsService {
  /**
   * (key, secret digest) → secret hash that verified. scrypt is deliberately slow, so each
   * secret is checked once; the row is still read on every request, so revocation is immediate.
   */
  private readonly verified = new Map<string, string>();

  constructor(
    private readonly credentials: CredentialRepository,
    @Inject(CONSENT_OPTIONS) private readonly options: ConsentModuleOptions,
    private readonly changes: ChangeLog,
    private readonly units: UnitsOfWork,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * Creates a credential. `actor` is who did it, for the audit record: by default the operator (the
   * `custos credentials` command line, which calls this directly).
   */
  async create(
    input: CreateCredentialInput,
    actor: Actor = OPERATOR,
  ): Promise<{ credential: CredentialView; secret: string }> {
    if (!TENANT_ID.test(input.tenantId)) {
      throw new BadRequestError('tenant id must be 1-63 lowercase letters, digits, - or _');
    }
    let scopes: string[];
    try {
      scopes = parseScopes(input.scopes);
    } catch (err) {
      const message = (err as Error).message;
      throw new BadRequestError(`scopes: ${message}`, [{ path: 'scopes', message }]);
    }
    if (scopes.length === 0) {
      throw new BadRequestError('a credential needs at least one scope', [
        { path: 'scopes', message: 'must name at least one scope' },
      ]);
    }
    const key = input.key ?? generateKey();
    if (key.includes(':')) throw new BadRequestError('a key cannot contain ":" (HTTP Basic separator)');
    if (await this.credentials.findByKey(key)) {
      throw new BadRequestError(`a credential with key ${key} exists`);
    }
    const writePolicyId = input.writePolicyId ?? null;
    if (writePolicyId !== null) await this.requireWritePolicy(input.tenantId, writePolicyId);
    const secret = input.secret ?? generateSecret();
    await this.credentials.ensureTenant(input.tenantId, input.tenantId);
    const secretHash = await hashSecret(secret);
    const credential = await this.units.run(async (uow) => {
      const created = await this.credentials.insert(uow, {
        id: randomUUID(),
        tenantId: input.tenantId,
        key,
        secretHash,
        name: input.name,
        scopes,
        writePolicyId,
      });
      // Its id and scopes; never the key or the secret.
      await this.changes.record(uow, created.tenantId, actor, {
        action: 'credential.create',
        resource: 'credential',
        query: { credentialId: created.id, scopes, ...(writePolicyId ? { writePolicyId } : {}) },
      });
      return created;
    });
    return { credential: view(credential), secret };
  }

  async list(tenantId?: string): Promise<CredentialView[]> {
    return (await this.credentials.list(tenantId)).map(view);
  }

  async revoke(key: string, actor: Actor = OPERATOR): Promise<void> {
    const revoked = await this.units.run(async (uow) => {
      const credential = await this.credentials.revoke(uow, key);
      if (credential) {
        await this.changes.record(uow, credential.tenantId, actor, {
          action: 'credential.revoke',
          resource: 'credential',
          query: { credentialId: credential.id },
        });
      }
      return credential;
    });
    if (!revoked) throw new NotFoundError(`no active credential with key ${key}`);
  }

  /** A credential of the tenant (revoked or not) as the principal it authenticates as, and whether it is active. */
  async principalOf(
    tenantId: string,
    id: string,
  ): Promise<{ principal: PrincipalV1; active: boolean } | null> {
    const credential = await this.credentials.findById(tenantId, id);
    if (!credential) return null;
    return {
      principal: credentialPrincipalOf(credential, this.options.publicUrl),
      active: credential.revokedAt === null,
    };
  }

  /** A tenant admin's credentials, revoked ones included (the list says which), oldest first. */
  async listFor(principal: PrincipalV1): Promise<CredentialView[]> {
    requireCredentialAdmin(principal);
    return this.list(principal.tenantId);
  }

  /** A tenant admin creates a credential of their tenant; the secret is in this answer only. */
  async createFor(
    principal: PrincipalV1,
    body: CreateCredentialBodyV1,
  ): Promise<{ credential: CredentialView; secret: string }> {
    requireCredentialAdmin(principal);
    return this.create(
      {
        tenantId: principal.tenantId,
        name: body.name,
        scopes: body.scopes,
        ...(body.writePolicyId ? { writePolicyId: body.writePolicyId } : {}),
      },
      adminActor(principal),
    );
  }

  /**
   * A tenant admin binds a credential of their tenant to a policy's purpose, or unbinds it (null). The next
   * request of the credential writes under it (authenticate reads the row every time). Another tenant's
   * credential is a 404, as an unknown one; a policy the tenant does not have is a 400.
   */
  async bindFor(principal: PrincipalV1, id: string, writePolicyId: string | null): Promise<CredentialView> {
    requireCredentialAdmin(principal);
    return this.bind(principal.tenantId, id, writePolicyId, adminActor(principal));
  }

  /**
   * Binds the tenant's credential `id` to a policy's purpose, or unbinds it (null); `actor` is who did it, for the
   * audit record: by default the operator (`custos credentials bind`).
   */
  async bind(
    tenantId: string,
    id: string,
    writePolicyId: string | null,
    actor: Actor = OPERATOR,
  ): Promise<CredentialView> {
    if (writePolicyId !== null) await this.requireWritePolicy(tenantId, writePolicyId);
    const credential = await this.units.run(async (uow) => {
      const bound = await this.credentials.bind(uow, tenantId, id, writePolicyId);
      if (!bound) return null;
      await this.changes.record(uow, tenantId, actor, {
        action: 'credential.bind',
        resource: 'credential',
        query: { credentialId: id, writePolicyId },
      });
      return bound;
    });
    if (!credential) throw new NotFoundError('no such credential');
    return view(credential);
  }

  /** The credential with this key (the command line names credentials by key), or null. */
  async findByKey(key: string): Promise<CredentialView | null> {
    const found = await this.credentials.findByKey(key);
    return found ? view(found) : null;
  }

  private async requireWritePolicy(tenantId: string, policyId: string): Promise<void> {
    // The API's schema already checked the form; the command line did not.
    if (!UUID.test(policyId) || !(await this.credentials.policyExists(tenantId, policyId))) {
      throw new BadRequestError('writePolicyId: the tenant has no such policy', [
        { path: 'writePolicyId', message: 'must be the id of a policy of the tenant' },
      ]);
    }
  }

  /**
   * A tenant admin revokes a credential of their tenant: its next request is refused (authenticate reads the row
   * every time). Revoking a revoked credential changes nothing; another tenant's is a 404, as an unknown one.
   */
  async revokeFor(principal: PrincipalV1, id: string): Promise<CredentialView> {
    requireCredentialAdmin(principal);
    const { tenantId } = principal;
    const credential = await this.units.run(async (uow) => {
      const revoked = await this.credentials.revokeById(uow, tenantId, id);
      // Revoked before: answered as it is, and not recorded again (or none such: a 404).
      if (!revoked) return this.credentials.findById(tenantId, id, uow);
      await this.changes.record(uow, tenantId, adminActor(principal), {
        action: 'credential.revoke',
        resource: 'credential',
        query: { credentialId: id },
      });
      return revoked;
    });
    if (!credential) throw new NotFoundError('no such credential');
    return view(credential);
  }

  async authenticate(key: string, secret: string, clientAddress?: string): Promise<PrincipalV1> {
    // The subjects' hashes do not depend on the credential (its tenant only labels them), so the throttle's rows
    // come in the same statement as the credential.
    const hashes = subjectsOf(credentialSubject(key, null), clientAddress).map((s) => s.subject);
    const { credential, throttle } = await this.credentials.findByKeyWithThrottle(key, hashes);
    const subjects = subjectsOf(credentialSubject(key, credential?.tenantId ?? null), clientAddress);
    const cacheKey = createHash('sha256').update(key).update('\0').update(secret).digest('hex');
    const known = () =>
      !!credential && !credential.revokedAt && this.verified.get(cacheKey) === credential.secretHash;
    // Waiting for a place under a full limit ends early when a parallel attempt verified this very secret.
    const knownAtOnce = known();
    const admitted = knownAtOnce ? 'skipped' : await this.throttle.admit(subjects, known);
    if (admitted === 'skipped') {
      // A secret verified before costs one read: refused only while the key is locked, or the key at this address
      // or the address backs off (guessing from elsewhere does not refuse the exact secret); a success ends the
      // key's failures in a row and clears the key at this address. Nothing was counted, so nothing is given back.
      // The rows read with the credential, unless this attempt waited for a place (then they are old: read again).
      const { refusal, dirty } = await this.throttle.refusalOf(subjects, knownAtOnce ? throttle : undefined);
      if (refusal) throw await this.refused(credential, refusal);
      if (dirty) await this.throttle.succeeded(subjects, false);
      return credentialPrincipalOf(credential!, this.options.publicUrl);
    }
    if (admitted) throw await this.refused(credential, admitted);
    return this.throttle.judged(subjects, async () => {
      // An unknown key belongs to no tenant, so no chain can hold its failure (it still counts for the throttle).
      if (!credential) throw new WrongSecret(new UnauthorizedError('invalid credentials'));
      if (credential.revokedAt) {
        throw new WrongSecret(await this.loginFailed(credential, 'credential revoked'));
      }
      if (!(await verifySecret(secret, credential.secretHash))) {
        throw new WrongSecret(await this.loginFailed(credential, 'wrong secret'));
      }
      if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cacheKey, credential.secretHash);
      return credentialPrincipalOf(credential, this.options.publicUrl);
    });
  }

  /** A refused attempt, recorded (for a key of a tenant) like any failure; the error to answer with. */
  private async refused(credential: CredentialRecord | null, refusal: Refusal): Promise<DomainError> {
    if (credential) await this.loginFailed(credential, refusal.reason);
    return refusal.error;
  }

  /** Records a failed HTTP Basic login of a credential of a tenant; the error to answer with. */
  private async loginFailed(credential: CredentialRecord, reason: string): Promise<DomainError> {
    await this.changes.loginFailed(credential.tenantId, {
      method: 'basic',
      credentialId: credential.id,
      reason,
    });
    return new UnauthorizedError('invalid credentials');
  }

  /** Creates the first credential (scope `all`) when the installation has none. */
  async bootstrap(): Promise<{ key: string; secret: string; generated: boolean } | null> {
    return this.credentials.withBootstrapLock(async () => {
      const { bootstrapKey, bootstrapSecret } = this.options;
      if (bootstrapKey && bootstrapSecret) {
        if (await this.credentials.findByKey(bootstrapKey)) return null;
        await this.create(
          {
            tenantId: 'default',
            name: 'bootstrap',
            scopes: ['all'],
            key: bootstrapKey,
            secret: bootstrapSecret,
          },
          BOOTSTRAP,
        );
        return { key: bootstrapKey, secret: bootstrapSecret, generated: false };
      }
      if ((await this.credentials.count()) > 0) return null;
      const { credential, secret } = await this.create(
        { tenantId: 'default', name: 'bootstrap', scopes: ['all'] },
        BOOTSTRAP,
      );
      return { key: credential.key, secret, generated: true };
    });
  }
}
