// The OpenAPI description of ./people.controller.ts: signing in, people, groups and sign-in lockouts (see
// ./openapi-route.ts).
import {
  CreateGroupBodyV1,
  CreatePersonBodyV1,
  GroupViewV1,
  LoginBodyV1,
  LoginReplyV1,
  PersonViewV1,
  SetGroupMembersBodyV1,
  TenantSettingsV1,
  UnlockSignInReplyV1,
  UpdatePersonBodyV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, named } from './openapi-route.js';

export function documentPeople(registry: OpenAPIRegistry): void {
  const Person = named('Person', PersonViewV1);
  const Group = named('Group', GroupViewV1);
  const SignInUnlock = named('SignInUnlock', UnlockSignInReplyV1);
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: "Signs a person in with the local issuer; the token's fields are those of RFC 6749 §5.1",
    description:
      'Any failure (unknown tenant or user, wrong password, disabled person) is the same 401. Failures are counted ' +
      'per username and per client address across every gateway: past a few, attempts are refused with 429 and ' +
      'Retry-After (doubling with each further failure), without the password being checked; with a lockout ' +
      'configured, an account is locked (423) until an admin unlocks it. A success clears the count.',
    auth: 'none',
    body: named('Login', LoginBodyV1),
    ok: {
      status: 200,
      description: 'A bearer token (EdDSA JWT, one hour)',
      json: named('Token', LoginReplyV1),
    },
    errors: [401, 423, 429],
  });
  documentRoute(registry, {
    method: 'delete',
    path: '/api/v1/people/{id}/sign-in-lock',
    operationId: 'unlockPersonSignIn',
    tag: 'auth',
    summary: "Lifts a person's sign-in lockout and forgets their failed sign-ins",
    description: `${ADMIN} Recorded in the audit log (\`login.unlock\`).`,
    auth: 'person',
    ok: { status: 200, description: 'Whether a lockout was lifted', json: SignInUnlock },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'delete',
    path: '/api/v1/credentials/{id}/sign-in-lock',
    operationId: 'unlockCredentialSignIn',
    tag: 'auth',
    summary: "Lifts an xAPI credential's (key's) sign-in lockout and forgets its failed secrets",
    description: `${ADMIN} The id is the credential's (as \`custos credentials list\` and the audit log show it). Recorded in the audit log (\`login.unlock\`).`,
    auth: 'person',
    ok: { status: 200, description: 'Whether a lockout was lifted', json: SignInUnlock },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    tag: 'people',
    summary: 'The signed-in person: roles, groups and linked xAPI agents',
    auth: 'person',
    ok: { status: 200, description: 'The person', json: Person },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/people',
    operationId: 'listPeople',
    tag: 'people',
    summary: 'The people of the tenant',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The people', json: z.array(Person) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/people',
    operationId: 'createPerson',
    tag: 'people',
    summary: 'Creates a person',
    description: `${ADMIN} A username or external subject already used in the tenant, or an agent identifier (in any of its forms) linked to another person of the tenant, is a 409 naming the field.`,
    auth: 'person',
    body: named('CreatePerson', CreatePersonBodyV1),
    ok: { status: 201, description: 'The new person', json: Person },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'patch',
    path: '/api/v1/people/{id}',
    operationId: 'updatePerson',
    tag: 'people',
    summary:
      "Changes a person's roles, agents, name, password, external subject, disabled state, birth date, minor-until date or guardians",
    description: `${ADMIN} An agent identifier (in any of its forms) linked to another person of the tenant is a 409 naming the field (\`agents[i]\`); nothing is changed. \`guardianIds\` replaces the learner's guardians: each must be a person of the tenant with the \`guardian\` role, else a 400 naming \`guardianIds[i]\`. \`birthDate\` / \`minorUntil\` (YYYY-MM-DD, null clears) decide whether the learner is a minor (docs/privacy-operations.md "Guardians and minors").`,
    auth: 'person',
    body: named('UpdatePerson', UpdatePersonBodyV1),
    ok: { status: 200, description: 'The person', json: Person },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/groups',
    operationId: 'listGroups',
    tag: 'people',
    summary: 'The groups of people of the tenant',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The groups', json: z.array(Group) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/groups',
    operationId: 'createGroup',
    tag: 'people',
    summary: 'Creates a group',
    description: ADMIN,
    auth: 'person',
    body: named('CreateGroup', CreateGroupBodyV1),
    ok: { status: 201, description: 'The new group', json: Group },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'put',
    path: '/api/v1/groups/{id}/members',
    operationId: 'setGroupMembers',
    tag: 'people',
    summary: 'Replaces the members of a group',
    description: ADMIN,
    auth: 'person',
    body: named('GroupMembers', SetGroupMembersBodyV1),
    ok: { status: 200, description: 'The group', json: Group },
    errors: [403],
  });
  const Settings = named('TenantSettings', TenantSettingsV1);
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/tenant/settings',
    operationId: 'getTenantSettings',
    tag: 'people',
    summary: "The tenant's settings: its age of digital consent (GDPR Art. 8) and its analytics (k, noise)",
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The settings', json: Settings },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'put',
    path: '/api/v1/tenant/settings',
    operationId: 'setTenantSettings',
    tag: 'people',
    summary: "Sets the tenant's age of digital consent (13–16; 16 until set) and its analytics settings",
    description:
      `${ADMIN} A value outside 13–16 is a 400 naming \`ageOfDigitalConsent\`. \`analytics\` (optional; left out: ` +
      'unchanged): `k` of k-anonymity (2–100, default 5) and `noise` (null, or `epsilonPerQuery` and ' +
      '`budgetPerMonth`; docs/flows.md). Applies to the very next request.',
    auth: 'person',
    body: Settings,
    ok: { status: 200, description: 'The settings', json: Settings },
    errors: [403],
  });
}
