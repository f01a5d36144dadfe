// Generated from the gateway OpenAPI document (apps/gateway/src/http/openapi.ts) by
// test/web/api-types.ts: run `npm run web:api-types`. Do not edit by hand.

export interface paths {
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How people may sign in: the local login, and the institution’s OIDC provider when configured
         * @description For the web pages: with `CUSTOS_OIDC_CLIENT_ID` and `CUSTOS_OIDC_ISSUER` set, `oidc` names the issuer, the public client id and the scope to ask for (authorization code with PKCE; the access token is then the bearer token). Otherwise `oidc` is null.
         */
        get: operations["getSignInOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Signs a person in with the local issuer; the token's fields are those of RFC 6749 §5.1
         * @description Any failure (unknown tenant or user, wrong password, disabled person) is the same 401. Failures are counted per username and per client address across every gateway: past a few, attempts are refused with 429 and Retry-After (doubling with each further failure), without the password being checked; with a lockout configured, an account is locked (423) until an admin unlocks it. A success clears the count.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/sign-in-lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Lifts a person's sign-in lockout and forgets their failed sign-ins
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Recorded in the audit log (`login.unlock`).
         */
        delete: operations["unlockPersonSignIn"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials/{id}/sign-in-lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Lifts an xAPI credential's (key's) sign-in lockout and forgets its failed secrets
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). The id is the credential's (as `custos credentials list` and the audit log show it). Recorded in the audit log (`login.unlock`).
         */
        delete: operations["unlockCredentialSignIn"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in person: roles, groups and linked xAPI agents */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The people of the tenant
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listPeople"];
        put?: never;
        /**
         * Creates a person
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). A username or external subject already used in the tenant, or an agent identifier (in any of its forms) linked to another person of the tenant, is a 409 naming the field.
         */
        post: operations["createPerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Changes a person's roles, agents, name, password, external subject, disabled state, birth date, minor-until date or guardians
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). An agent identifier (in any of its forms) linked to another person of the tenant is a 409 naming the field (`agents[i]`); nothing is changed. `guardianIds` replaces the learner's guardians: each must be a person of the tenant with the `guardian` role, else a 400 naming `guardianIds[i]`. `birthDate` / `minorUntil` (YYYY-MM-DD, null clears) decide whether the learner is a minor (docs/privacy-operations.md "Guardians and minors").
         */
        patch: operations["updatePerson"];
        trace?: never;
    };
    "/api/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The groups of people of the tenant
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listGroups"];
        put?: never;
        /**
         * Creates a group
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        post: operations["createGroup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replaces the members of a group
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        put: operations["setGroupMembers"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's settings: its age of digital consent (GDPR Art. 8) and its analytics (k, noise)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["getTenantSettings"];
        /**
         * Sets the tenant's age of digital consent (13–16; 16 until set) and its analytics settings
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). A value outside 13–16 is a 400 naming `ageOfDigitalConsent`. `analytics` (optional; left out: unchanged): `k` of k-anonymity (2–100, default 5) and `noise` (null, or `epsilonPerQuery` and `budgetPerMonth`; docs/flows.md). Applies to the very next request.
         */
        put: operations["setTenantSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/erasure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erases a person's records: their statements, documents, attachments, links, grants and objections
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Carried out at once, in the background; follow it with GET /api/v1/erasures/{id}. Statements about others that mention the person keep a stand-in Agent instead. A current `legal-obligation` policy whose scope covers some of their statements blocks it (`state` `blocked`, `blockers`), unless the body says `narrow: true`: then those statements are kept and the rest erased. The body is optional. `state`: `waiting` (a learner's request in its grace period, until `dueAt`), `approved`, `running` (`progress.step`: `storage`, `consent`, `seal`), `blocked` (`blockers` says which legal obligation or hold, and why; nothing was changed), `completed` (`completion`: the signed completion record, also in the audit log as `erasure.complete`), `cancelled`.
         */
        post: operations["erasePerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/erasure-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My erasure requests, newest first
         * @description The signed-in person acts for themself; an xAPI credential gets 403.
         */
        get: operations["listOwnErasures"];
        put?: never;
        /**
         * Asks for the erasure of all my records
         * @description The signed-in person acts for themself; an xAPI credential gets 403. Needs the `learner` role. Carried out when the grace period (`CUSTOS_ERASURE__GRACE_SECONDS`) has run out, or sooner when an admin approves it; cancel it before then. `state`: `waiting` (a learner's request in its grace period, until `dueAt`), `approved`, `running` (`progress.step`: `storage`, `consent`, `seal`), `blocked` (`blockers` says which legal obligation or hold, and why; nothing was changed), `completed` (`completion`: the signed completion record, also in the audit log as `erasure.complete`), `cancelled`.
         */
        post: operations["requestOwnErasure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/erasure-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Cancels my erasure request while it is still waiting (its grace period)
         * @description The signed-in person acts for themself; an xAPI credential gets 403. 409 once it has been approved, carried out or cancelled.
         */
        delete: operations["cancelOwnErasure"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/erasure-requests/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancels my erasure request while it is still waiting (its grace period)
         * @description The signed-in person acts for themself; an xAPI credential gets 403. 409 once it has been approved, carried out or cancelled.
         */
        post: operations["cancelOwnErasureByPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/erasure-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A guardian asks for the erasure of a minor's records
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today; otherwise 403, naming no learner (a minor cannot ask alone: their guardian does, until they come of age). Carried out as the learner's own request would be. `state`: `waiting` (a learner's request in its grace period, until `dueAt`), `approved`, `running` (`progress.step`: `storage`, `consent`, `seal`), `blocked` (`blockers` says which legal obligation or hold, and why; nothing was changed), `completed` (`completion`: the signed completion record, also in the audit log as `erasure.complete`), `cancelled`.
         */
        post: operations["requestWardErasure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/erasure-requests/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A guardian cancels a minor's erasure request while it is still waiting
         * @description The guardian acting for the learner today; 409 once it has been approved, carried out or cancelled.
         */
        post: operations["cancelWardErasure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erasures/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An erasure: its state, its progress and, once done, its signed completion record
         * @description An admin of the tenant, the learner whose request it is (while they exist), or the guardian acting for them while they are a minor; anyone else gets 404. The completion record is signed with the audit signing key (Ed25519 over the canonical JSON of `record`; check it with the public key of GET /api/v1/audit/public-key). `state`: `waiting` (a learner's request in its grace period, until `dueAt`), `approved`, `running` (`progress.step`: `storage`, `consent`, `seal`), `blocked` (`blockers` says which legal obligation or hold, and why; nothing was changed), `completed` (`completion`: the signed completion record, also in the audit log as `erasure.complete`), `cancelled`.
         */
        get: operations["getErasure"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erasures/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approves a learner's waiting erasure request: it is carried out now
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). 409 unless the request is waiting.
         */
        post: operations["approveErasure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's xAPI client credentials, revoked ones included, oldest first (never a secret)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listCredentials"];
        put?: never;
        /**
         * Creates an xAPI client credential with the given scopes; its secret is in this answer only
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). The key is the HTTP Basic username and the secret its password; only a hash of the secret is kept, so it cannot be shown again. An unknown scope is a 400 naming `scopes`. Recorded in the audit log (`credential.create`).
         */
        post: operations["createCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credentials/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revokes an xAPI client credential: its next request is refused (401)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Revoking a revoked credential changes nothing. Recorded in the audit log (`credential.revoke`).
         */
        delete: operations["revokeCredential"];
        options?: never;
        head?: never;
        /**
         * Binds an xAPI client credential to a policy's purpose (writePolicyId), or unbinds it (null)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Statements a bound credential writes about a learner with no basis under the policy (no active grant of a consent policy, an objection to a legitimate-interest one) are rejected, held or pseudonymised as the policy's `onWriteWithoutBasis` says (docs/privacy-operations.md "Write purposes"). A policy the tenant does not have is a 400 naming `writePolicyId`. Recorded in the audit log (`credential.bind`).
         */
        patch: operations["bindCredential"];
        trace?: never;
    };
    "/api/v1/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current version of each institution policy
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listPolicies"];
        put?: never;
        /**
         * Creates an institution policy (version 1)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        post: operations["createPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per current policy, how many learner grants are active and how many objections stand
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Counts only: no learner is named. A grant counts while it is unrevoked, unexpired and for the policy's current version.
         */
        get: operations["listPolicyCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Edits a policy: its next version becomes current, the previous one is kept
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        put: operations["updatePolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of a policy, oldest first
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["getPolicyHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consent-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's `consent` policies, each with the learner's current grant of it, if any
         * @description The signed-in person acts for themself; an xAPI credential gets 403.
         */
        get: operations["listConsentRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grants a `consent` policy, possibly narrower (fewer verbs, narrower activity prefixes, an expiry)
         * @description The signed-in person acts for themself; an xAPI credential gets 403. A scope wider than the policy's, or an `expiresAt` that is not in the future, is a 400 naming the field.
         */
        post: operations["grantConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/grants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revokes a grant; the very next read anyone makes no longer uses it
         * @description The signed-in person acts for themself; an xAPI credential gets 403.
         */
        delete: operations["revokeGrant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Objects to a legitimate-interest, contract or public-task policy
         * @description The signed-in person acts for themself; an xAPI credential gets 403. Any other lawful basis is a 400.
         */
        post: operations["object"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/objections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraws an objection
         * @description The signed-in person acts for themself; an xAPI credential gets 403.
         */
        delete: operations["withdrawObjection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/receipts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of the consent receipts the learner got
         * @description The signed-in person acts for themself; an xAPI credential gets 403.
         */
        get: operations["getReceipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The learners linked to the signed-in guardian, and whether the guardian acts for each today
         * @description Needs the `guardian` role (403 otherwise).
         */
        get: operations["listWards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/consent-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The learner's consent requests, with their live grants
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant's age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.
         */
        get: operations["listWardConsentRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grants a `consent` policy for the learner (as POST /api/v1/me/grants)
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant's age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.
         */
        post: operations["grantConsentForWard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/grants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revokes one of the learner's grants
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant's age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.
         */
        delete: operations["revokeGrantForWard"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Objects for the learner to a legitimate-interest, contract or public-task policy
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant's age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.
         */
        post: operations["objectForWard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/objections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraws one of the learner's objections
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant's age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.
         */
        delete: operations["withdrawObjectionForWard"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guardian/learners/{learnerId}/receipts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of the learner's consent receipts
         * @description The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant's age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.
         */
        get: operations["getWardReceipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's retention rules
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listRetentionRules"];
        put?: never;
        /**
         * Adds a retention rule: the statements it covers are hidden from every read at once, then purged
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). A verb or activity prefix that is not an absolute IRI, or an age outside 1–36500 days, is a 400 naming the field.
         */
        post: operations["createRetentionRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Removes a retention rule: the statements only it covered are readable again until purged
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        delete: operations["deleteRetentionRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's legal holds, ended ones included
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listLegalHolds"];
        put?: never;
        /**
         * Places a legal hold on a person (an xAPI Agent) or a rule: what it holds is neither hidden nor purged until it ends
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Exactly one of `agent` and `ruleId`; an `endsAt` not in the future is a 400.
         */
        post: operations["createLegalHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/holds/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ends a legal hold now
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        post: operations["releaseLegalHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Per rule, how many statements a run would remove now and how many legal holds keep; changes nothing
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Recorded in the audit log (counts only).
         */
        post: operations["retentionDryRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Purges now the statements past retention, in bounded batches
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). 409 while another run of the tenant is under way. Recorded in the audit log (counts only).
         */
        post: operations["retentionRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forwarding/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's forwarding targets, each with its delivery status
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listForwardingTargets"];
        put?: never;
        /**
         * Adds a target: another LRS or a webhook that receives what its grantee credential may read
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). Secrets are kept encrypted and never returned. A URL that is not https (unless the installation allows http on loopback), or a grantee that is not an active credential of the tenant, is a 400 naming the field.
         */
        post: operations["createForwardingTarget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forwarding/targets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One forwarding target
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["getForwardingTarget"];
        put?: never;
        post?: never;
        /**
         * Removes a forwarding target with its queue and dead letters
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        delete: operations["deleteForwardingTarget"];
        options?: never;
        head?: never;
        /**
         * Changes a forwarding target (its kind stays)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        patch: operations["updateForwardingTarget"];
        trace?: never;
    };
    "/api/v1/forwarding/targets/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How far delivery is: last delivered, waiting batches and lag, last error, attempts
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["forwardingTargetStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forwarding/targets/{id}/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The batches whose delivery attempts ran out
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listForwardingDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forwarding/targets/{id}/dead-letters/{deadLetterId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queues a dead letter again, at the end of the target's queue (read again as the grantee then)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        post: operations["retryForwardingDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forwarding/targets/{id}/dead-letters/{deadLetterId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Drops a dead letter: its statements are not sent to this target
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        delete: operations["discardForwardingDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/records-of-processing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's records of processing (GDPR Art. 30)
         * @description For the admins and auditors of the tenant (403 for anyone else). One processing activity per current institution policy: purpose, lawful basis, recipients, categories of data (the statements in its scope, the parts disclosed and removed), the retention rules that reach them; the retention rules; the safeguards Custos applies. Built when asked; no learner data.
         */
        get: operations["getRecordsOfProcessing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether a principal may read a statement, and by which rules
         * @description For the tenant's admins, the learner the statement is about, and xAPI credentials with scope `all` (any other credential gets 403). A statement the asker may not have explained, of another tenant or unknown is a 404, as is an unknown principal; no statement content is returned.
         */
        get: operations["explainAccess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/effective-access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who may read what of the learner's records today, and why
         * @description The signed-in person acts for themself; an xAPI credential gets 403.
         */
        get: operations["getEffectiveAccess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in learner's subject-access answer, as NDJSON (right of access and portability)
         * @description The signed-in person acts for themself; an xAPI credential gets 403. Every record about them (statements, attachment data, State and Agent Profile documents), then who may read their records and why (`access-rule`, as GET /api/v1/me/effective-access), their consent receipts (`receipt`), and their access log (`access`, as GET /api/v1/me/access-log, each entry with its proof of inclusion in the `access-log-head` before it). The last line is `end` with the counts; a stream without it broke off.
         */
        get: operations["exportMyRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every record about a person of the tenant, as NDJSON, on their request
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). The last line is `end` with the counts; a stream without it broke off.
         */
        get: operations["exportPersonRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/portable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in learner's records with their consent receipts, as an archive signed by this Custos
         * @description The signed-in person acts for themself; an xAPI credential gets 403. The statements their self access selects (as GET /api/v1/me/export; audited as an export) and their consent receipts, for another Custos (POST /api/v1/me/imports there) or, the statements alone, any LRS's POST /statements. 403 when no xAPI identifier is linked to them; 503 when this installation issues no archives.
         */
        get: operations["getMyPortableRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Brings a portable archive from another Custos: its statements are kept here
         * @description The signed-in person acts for themself; an xAPI credential gets 403. The issuer must be trusted here (CUSTOS_PORTABLE_TRUSTED_ISSUERS) and the signature must verify under the issuer's published key, else 400 saying why (a changed archive is refused whole); 403 when the archive's subject shares no identifier with the signed-in person. Statements keep their ids, authority and stored time (as provenance); who else reads them is decided by this installation's policies and the learner's grants here. Repeating an import is harmless.
         */
        post: operations["importMyPortableRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Records of the audit log, filtered, a page at a time
         * @description Needs the `auditor` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. Each record as stored, with its hash, so it can be checked. The read is itself recorded.
         */
        get: operations["listAuditRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every record the filters select, streamed as NDJSON or CSV
         * @description Needs the `auditor` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. Records written after the export began are not in it; a stream that broke off ends with a network error. The export is itself recorded, with the number of records it holds.
         */
        get: operations["exportAuditRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Allowed and denied requests per principal, denials per day (UTC) and reads per policy
         * @description Needs the `auditor` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. The read is itself recorded.
         */
        get: operations["getAuditStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who accessed the signed-in learner’s records, when, and under which rule
         * @description For a learner with a linked xAPI identity (an auditor gets the records about them: none unless they are a learner too); anyone else, and xAPI credentials, get 403. Shows nothing about other learners. The read is itself recorded.
         */
        get: operations["getAccessLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify the tenant’s audit chain and its signed checkpoints
         * @description Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. Walks the chain from its start (or from the newest retention-start checkpoint), checks every link and every checkpoint (its signature, and the hash of the record it names), and names the first broken record. The verification is itself recorded, after the walk.
         */
        get: operations["verifyAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant’s signed checkpoints, a page at a time, to keep outside the system
         * @description Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. The read is itself recorded.
         */
        get: operations["listAuditCheckpoints"];
        put?: never;
        /**
         * Sign the tenant’s chain head now
         * @description Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. The request is recorded first, and the checkpoint signs the head that record made. Keep the answer, with the public key, outside the system.
         */
        post: operations["createAuditCheckpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The Ed25519 public key checkpoints are signed with, and its id
         * @description Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. Keep it outside the system to verify checkpoints with `custos audit verify --public-key`.
         */
        get: operations["getAuditPublicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prove a record is in the signed log, or that the log only grew since an earlier tree head
         * @description Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log. The log is a Merkle tree (RFC 9162) whose heads the sequencer signs. With `seq`: the inclusion proof of that record; with `from`: the consistency proof from the tree of `from` records to the tree of `treeSize` (default: the newest signed tree head, returned as `treeHead`). Verify both with `custos audit verify` or any RFC 9162 implementation. The read is itself recorded.
         */
        get: operations["getAuditProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit evidence pack of a period, to verify offline
         * @description For auditors (it holds the records of the period). One JSON file: the records written in [from, to) with the records just before and after the period, the proof that the last of them is in the newest signed tree head, the heads signed in the period with consistency proofs, the verification of the whole chain, and the seqs of the policy changes, erasure records and retention runs among the records. An auditor verifies it with `custos audit verify-evidence FILE --public-key KEY.pem` and nothing else. The request is itself recorded (`audit.evidence`).
         */
        get: operations["getAuditEvidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Statements and distinct learners per cell
         * @description For the admins of the tenant (403 for anyone else). Counted only over the statements the tenant’s policies with purpose code `analytics` allow (consent: learners who granted; other bases: all but objectors; their scope, retention and held statements apply; voided statements are left out). A cell covering fewer than k distinct learners (tenant setting, default 5) is `suppressed: true` with no value, and further cells are suppressed so that none can be recovered by subtraction (docs/flows.md). With noise on, each query spends ε from the month’s privacy budget; once spent, 429 until the next month.
         */
        get: operations["getAnalyticsStatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/completion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Completion: learners with a result.completion, and how many completed (rate)
         * @description For the admins of the tenant (403 for anyone else). Counted only over the statements the tenant’s policies with purpose code `analytics` allow (consent: learners who granted; other bases: all but objectors; their scope, retention and held statements apply; voided statements are left out). A cell covering fewer than k distinct learners (tenant setting, default 5) is `suppressed: true` with no value, and further cells are suppressed so that none can be recovered by subtraction (docs/flows.md). With noise on, each query spends ε from the month’s privacy budget; once spent, 429 until the next month.
         */
        get: operations["getAnalyticsCompletion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/success": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Success: learners with a result.success, and how many succeeded (rate)
         * @description For the admins of the tenant (403 for anyone else). Counted only over the statements the tenant’s policies with purpose code `analytics` allow (consent: learners who granted; other bases: all but objectors; their scope, retention and held statements apply; voided statements are left out). A cell covering fewer than k distinct learners (tenant setting, default 5) is `suppressed: true` with no value, and further cells are suppressed so that none can be recovered by subtraction (docs/flows.md). With noise on, each query spends ε from the month’s privacy budget; once spent, 429 until the next month.
         */
        get: operations["getAnalyticsSuccess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Score distribution: learners per tenth of result.score.scaled
         * @description For the admins of the tenant (403 for anyone else). Counted only over the statements the tenant’s policies with purpose code `analytics` allow (consent: learners who granted; other bases: all but objectors; their scope, retention and held statements apply; voided statements are left out). A cell covering fewer than k distinct learners (tenant setting, default 5) is `suppressed: true` with no value, and further cells are suppressed so that none can be recovered by subtraction (docs/flows.md). With noise on, each query spends ε from the month’s privacy budget; once spent, 429 until the next month.
         */
        get: operations["getAnalyticsScores"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's imports, newest first
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).
         */
        get: operations["listImports"];
        put?: never;
        /**
         * Imports another LRS's statements into this tenant (or resumes the import from that source)
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). `from` is the source's xAPI endpoint; `key` and `secret` a credential of the source that may read all its statements (they are not kept). The statements keep their ids and authority, their voids and attachments; the import runs in the background, page by page, and resumes from the last page written. `state`: `running`, `completed` or `failed` (`error` says why; POST the same source again to resume from `cursor`). `imported`, `skipped` (already stored with the same content) and `refused` count statements; `refusals` names the refused ones with the reason (the first 1,000).
         */
        post: operations["startImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An import: its state, pages, counts and refused statements
         * @description Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404). `state`: `running`, `completed` or `failed` (`error` says why; POST the same source again to resume from `cursor`). `imported`, `skipped` (already stored with the same content) and `refused` count statements; `refusals` names the refused ones with the reason (the first 1,000).
         */
        get: operations["getImport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            message: string;
            errors?: {
                path: string;
                message: string;
            }[];
            correlationId?: string;
        };
        /** @description An OpenAPI 3.1 document (this one). */
        OpenApiDocument: Record<string, never>;
        SignInOptions: {
            oidc: {
                /** Format: uri */
                issuer: string;
                clientId: string;
                scope: string;
            } | null;
        };
        Token: {
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            expires_in: number;
        };
        Login: {
            tenant: string;
            username: string;
            password: string;
        };
        SignInUnlock: {
            wasLocked: boolean;
        };
        Person: {
            /** Format: uuid */
            id: string;
            tenantId: string;
            username: string;
            displayName: string | null;
            externalSubject: string | null;
            roles: ("learner" | "admin" | "auditor" | "consumer" | "guardian")[];
            groupIds: string[];
            agents: {
                [key: string]: unknown;
            }[];
            createdAt: string;
            disabledAt: string | null;
            birthDate: string | null;
            minorUntil: string | null;
            minor: boolean;
            guardianIds: string[];
        };
        CreatePerson: {
            username: string;
            password?: string;
            displayName?: string;
            externalSubject?: string;
            /** @default [] */
            roles: ("learner" | "admin" | "auditor" | "consumer" | "guardian")[];
            /** @default [] */
            agents: {
                [key: string]: unknown;
            }[];
            /** Format: date */
            birthDate?: string;
            /** Format: date */
            minorUntil?: string;
            guardianIds?: string[];
        };
        UpdatePerson: {
            displayName?: string | null;
            password?: string;
            externalSubject?: string | null;
            roles?: ("learner" | "admin" | "auditor" | "consumer" | "guardian")[];
            agents?: {
                [key: string]: unknown;
            }[];
            disabled?: boolean;
            /** Format: date */
            birthDate?: string | null;
            /** Format: date */
            minorUntil?: string | null;
            guardianIds?: string[];
        };
        Group: {
            /** Format: uuid */
            id: string;
            tenantId: string;
            name: string;
            memberIds: string[];
        };
        CreateGroup: {
            name: string;
        };
        GroupMembers: {
            personIds: string[];
        };
        TenantSettings: {
            ageOfDigitalConsent: number;
            analytics?: {
                k: number;
                noise: {
                    epsilonPerQuery: number;
                    budgetPerMonth: number;
                } | null;
            };
        };
        Erasure: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            personId: string;
            /** @enum {string} */
            state: "waiting" | "approved" | "running" | "blocked" | "completed" | "cancelled";
            /** @enum {string} */
            requestedBy: "admin" | "self";
            /** Format: date-time */
            requestedAt: string;
            /** Format: date-time */
            dueAt?: string;
            narrow: boolean;
            blockers: ({
                /** @enum {string} */
                kind: "legal-obligation";
                policyId: string;
                policyVersion: number;
                purposeCode: string;
                purposeText: string;
                statements: number;
            } | {
                /** @enum {string} */
                kind: "legal-hold";
                holdId: string;
                reason: string;
                until?: string;
            })[];
            progress: {
                /** @enum {string} */
                step: "none" | "storage" | "consent" | "seal" | "done";
                /** Format: date-time */
                updatedAt: string;
            };
            completion?: {
                record: {
                    /** @enum {string} */
                    type: "custos.erasure.v1.completion";
                    /** Format: uuid */
                    erasureId: string;
                    tenantId: string;
                    /** Format: uuid */
                    personId: string;
                    /** @enum {string} */
                    requestedBy: "admin" | "self";
                    /** Format: date-time */
                    requestedAt: string;
                    approvedBy: string;
                    /** Format: date-time */
                    completedAt: string;
                    placeholder: {
                        homePage: string;
                        name: string;
                    };
                    removed: {
                        statementsDeleted: number;
                        stateDocumentsDeleted: number;
                        agentProfileDocumentsDeleted: number;
                        attachmentsDeleted: number;
                        person: number;
                        agentLinks: number;
                        roles: number;
                        groupMemberships: number;
                        grants: number;
                        objections: number;
                        receipts: number;
                        signInRecords: number;
                    };
                    pseudonymised: {
                        statements: number;
                    };
                    retained: ({
                        /** @enum {string} */
                        kind: "legal-obligation";
                        policyId: string;
                        policyVersion: number;
                        purposeCode: string;
                        purposeText: string;
                        statements: number;
                    } | {
                        /** @enum {string} */
                        kind: "legal-hold";
                        holdId: string;
                        reason: string;
                        until?: string;
                    })[];
                };
                /** @enum {string} */
                algorithm: "Ed25519";
                publicKeyId: string;
                signature: string;
            };
        };
        CreateErasure: {
            narrow?: boolean;
        };
        Credential: {
            /** Format: uuid */
            id: string;
            tenantId: string;
            key: string;
            name: string;
            scopes: string[];
            /** Format: uuid */
            writePolicyId: string | null;
            createdAt: string;
            revokedAt: string | null;
        };
        CreatedCredential: {
            credential: {
                /** Format: uuid */
                id: string;
                tenantId: string;
                key: string;
                name: string;
                scopes: string[];
                /** Format: uuid */
                writePolicyId: string | null;
                createdAt: string;
                revokedAt: string | null;
            };
            secret: string;
        };
        CreateCredential: {
            name: string;
            scopes: string[];
            /** Format: uuid */
            writePolicyId?: string | null;
        };
        BindCredential: {
            /** Format: uuid */
            writePolicyId: string | null;
        };
        Policy: {
            /** Format: uuid */
            id: string;
            version: number;
            tenantId: string;
            grantee: {
                /** @enum {string} */
                kind: "credential" | "role" | "group" | "person";
                id: string;
            };
            purpose: {
                code: string;
                text: string;
            };
            /** @enum {string} */
            lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
            scope: {
                activityPrefixes?: string[];
                verbs?: string[];
                registrations?: string[];
                /** Format: date-time */
                storedFrom?: string;
                /** Format: date-time */
                storedUntil?: string;
                contextActivities?: {
                    parent?: string[];
                    grouping?: string[];
                    category?: string[];
                    other?: string[];
                };
            };
            redactFields: string[];
            /** @enum {string} */
            onWriteWithoutBasis: "reject" | "hold" | "pseudonymise";
            holdDays: number;
            createdAt: string;
            createdBy: string;
            supersededAt: string | null;
        };
        PolicyCounts: {
            /** Format: uuid */
            policyId: string;
            activeGrants: number;
            standingObjections: number;
        };
        PolicyBody: {
            grantee: {
                /** @enum {string} */
                kind: "credential" | "role" | "group" | "person";
                id: string;
            };
            purpose: {
                code: string;
                text: string;
            };
            /** @enum {string} */
            lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
            /** @default {} */
            scope: {
                activityPrefixes?: string[];
                verbs?: string[];
                registrations?: string[];
                /** Format: date-time */
                storedFrom?: string;
                /** Format: date-time */
                storedUntil?: string;
                contextActivities?: {
                    parent?: string[];
                    grouping?: string[];
                    category?: string[];
                    other?: string[];
                };
            };
            /** @default [] */
            redactFields: ("result.score" | "result.success" | "result.completion" | "result.response" | "result.duration" | "result.extensions" | "context.instructor" | "context.team" | "context.contextActivities" | "context.contextAgents" | "context.contextGroups" | "context.revision" | "context.platform" | "context.language" | "context.statement" | "context.extensions" | "attachments")[];
            /** @enum {string} */
            onWriteWithoutBasis?: "reject" | "hold" | "pseudonymise";
            holdDays?: number;
        };
        ConsentRequest: {
            policy: {
                /** Format: uuid */
                id: string;
                version: number;
                tenantId: string;
                grantee: {
                    /** @enum {string} */
                    kind: "credential" | "role" | "group" | "person";
                    id: string;
                };
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                scope: {
                    activityPrefixes?: string[];
                    verbs?: string[];
                    registrations?: string[];
                    /** Format: date-time */
                    storedFrom?: string;
                    /** Format: date-time */
                    storedUntil?: string;
                    contextActivities?: {
                        parent?: string[];
                        grouping?: string[];
                        category?: string[];
                        other?: string[];
                    };
                };
                redactFields: string[];
                /** @enum {string} */
                onWriteWithoutBasis: "reject" | "hold" | "pseudonymise";
                holdDays: number;
                createdAt: string;
                createdBy: string;
                supersededAt: string | null;
            };
            grant: {
                /** Format: uuid */
                id: string;
                expiresAt: string | null;
                scope: {
                    activityPrefixes?: string[];
                    verbs?: string[];
                };
            } | null;
        };
        ConsentReceipt: {
            /** Format: uuid */
            receiptId: string;
            timestamp: string;
            controller: {
                tenantId: string;
            };
            dataSubject: {
                /** Format: uuid */
                personId: string;
            };
            recipient: {
                /** @enum {string} */
                kind: "credential" | "role" | "group" | "person";
                id: string;
            };
            purpose: {
                code: string;
                text: string;
            };
            /** @enum {string} */
            lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
            policy: {
                /** Format: uuid */
                id: string;
                version: number;
            };
            record: {
                /** @enum {string} */
                type: "grant" | "objection";
                /** Format: uuid */
                id: string;
            };
            scope: {
                activityPrefixes?: string[];
                verbs?: string[];
                registrations?: string[];
                /** Format: date-time */
                storedFrom?: string;
                /** Format: date-time */
                storedUntil?: string;
                contextActivities?: {
                    parent?: string[];
                    grouping?: string[];
                    category?: string[];
                    other?: string[];
                };
            };
            expiry: string | null;
            /** @enum {string} */
            status: "granted" | "revoked" | "objected" | "objection-withdrawn";
            actedBy?: {
                /** Format: uuid */
                personId: string;
                /** @enum {string} */
                as: "self" | "guardian";
            };
        };
        GrantBody: {
            /** Format: uuid */
            policyId: string;
            /** Format: date-time */
            expiresAt?: string;
            scope?: {
                activityPrefixes?: string[];
                verbs?: string[];
            };
        };
        ObjectionBody: {
            /** Format: uuid */
            policyId: string;
        };
        Ward: {
            /** Format: uuid */
            id: string;
            username: string;
            displayName: string | null;
            minor: boolean;
            ofAgeOn: string | null;
        };
        WardConsentRequest: {
            policy: {
                /** Format: uuid */
                id: string;
                version: number;
                tenantId: string;
                grantee: {
                    /** @enum {string} */
                    kind: "credential" | "role" | "group" | "person";
                    id: string;
                };
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                scope: {
                    activityPrefixes?: string[];
                    verbs?: string[];
                    registrations?: string[];
                    /** Format: date-time */
                    storedFrom?: string;
                    /** Format: date-time */
                    storedUntil?: string;
                    contextActivities?: {
                        parent?: string[];
                        grouping?: string[];
                        category?: string[];
                        other?: string[];
                    };
                };
                redactFields: string[];
                /** @enum {string} */
                onWriteWithoutBasis: "reject" | "hold" | "pseudonymise";
                holdDays: number;
                createdAt: string;
                createdBy: string;
                supersededAt: string | null;
            };
            grant: {
                /** Format: uuid */
                id: string;
                expiresAt: string | null;
                scope: {
                    activityPrefixes?: string[];
                    verbs?: string[];
                };
            } | null;
        };
        WardGrantBody: {
            /** Format: uuid */
            policyId: string;
            /** Format: date-time */
            expiresAt?: string;
            scope?: {
                activityPrefixes?: string[];
                verbs?: string[];
            };
        };
        WardObjectionBody: {
            /** Format: uuid */
            policyId: string;
        };
        RetentionRule: {
            /** Format: uuid */
            id: string;
            name: string;
            verb: string | null;
            activityPrefix: string | null;
            registration: string | null;
            olderThanDays: number;
            createdAt: string;
        };
        RetentionRuleBody: {
            name: string;
            verb?: string;
            activityPrefix?: string;
            /** Format: uuid */
            registration?: string;
            olderThanDays: number;
        };
        LegalHold: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "person" | "rule";
            ruleId: string | null;
            agentIfiHash: string | null;
            reason: string;
            endsAt: string;
            createdAt: string;
            releasedAt: string | null;
            active: boolean;
        };
        LegalHoldBody: {
            reason: string;
            /** Format: date-time */
            endsAt: string;
            agent?: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            ruleId?: string;
        };
        RetentionReport: {
            /** @enum {string} */
            mode: "dry-run" | "run";
            at: string;
            rules: {
                /** Format: uuid */
                ruleId: string;
                name: string;
                statements: number;
                held: number;
            }[];
            total: number;
            batches?: number;
            skipped?: boolean;
        };
        ForwardingStatus: {
            /** Format: uuid */
            targetId: string;
            enabled: boolean;
            lastDeliveredAt: string | null;
            deliveredStatements: number;
            pendingBatches: number;
            pendingStatements: number;
            lagSeconds: number;
            attempts: number;
            nextAttemptAt: string | null;
            lastError: string | null;
            lastErrorAt: string | null;
            deadLetters: number;
        };
        ForwardingTarget: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            kind: "xapi" | "webhook";
            url: string;
            auth: {
                /** @enum {string} */
                kind: "none";
            } | {
                /** @enum {string} */
                kind: "basic";
                key: string;
            } | {
                /** @enum {string} */
                kind: "oauth2";
                tokenUrl: string;
                clientId: string;
                scope?: string;
            };
            /** Format: uuid */
            granteeCredentialId: string;
            filter: {
                verbs?: string[];
                activityPrefixes?: string[];
                registrations?: string[];
            };
            enabled: boolean;
            createdAt: string;
            updatedAt: string;
        };
        ForwardingTargetBody: {
            name: string;
            /** @enum {string} */
            kind: "xapi" | "webhook";
            /** Format: uri */
            url: string;
            auth?: {
                /** @enum {string} */
                kind: "basic";
                key: string;
                secret: string;
            } | {
                /** @enum {string} */
                kind: "oauth2";
                /** Format: uri */
                tokenUrl: string;
                clientId: string;
                clientSecret: string;
                scope?: string;
            };
            webhookSecret?: string;
            /** Format: uuid */
            granteeCredentialId: string;
            filter?: {
                verbs?: string[];
                activityPrefixes?: string[];
                registrations?: string[];
            };
            enabled?: boolean;
        };
        ForwardingTargetPatch: {
            name?: string;
            /** Format: uri */
            url?: string;
            auth?: {
                /** @enum {string} */
                kind: "basic";
                key: string;
                secret: string;
            } | {
                /** @enum {string} */
                kind: "oauth2";
                /** Format: uri */
                tokenUrl: string;
                clientId: string;
                clientSecret: string;
                scope?: string;
            } | null;
            webhookSecret?: string;
            /** Format: uuid */
            granteeCredentialId?: string;
            filter?: {
                verbs?: string[];
                activityPrefixes?: string[];
                registrations?: string[];
            };
            enabled?: boolean;
        };
        ForwardingDeadLetter: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "statements" | "erasure";
            statementCount: number;
            /** Format: uuid */
            erasureId: string | null;
            attempts: number;
            lastError: string | null;
            enqueuedAt: string;
            deadAt: string;
        };
        RecordsOfProcessing: {
            tenantId: string;
            generatedAt: string;
            activities: {
                /** Format: uuid */
                policyId: string;
                version: number;
                since: string;
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                /** @enum {string} */
                learnerChoice: "consent" | "objection" | "none";
                recipients: {
                    /** @enum {string} */
                    kind: "credential" | "role" | "group" | "person";
                    id: string;
                }[];
                dataSubjects: string;
                categories: {
                    scope: {
                        activityPrefixes?: string[];
                        verbs?: string[];
                        registrations?: string[];
                        /** Format: date-time */
                        storedFrom?: string;
                        /** Format: date-time */
                        storedUntil?: string;
                        contextActivities?: {
                            parent?: string[];
                            grouping?: string[];
                            category?: string[];
                            other?: string[];
                        };
                    };
                    disclosed: string[];
                    removed: string[];
                };
                retentionRuleIds: string[];
            }[];
            retentionRules: {
                /** Format: uuid */
                id: string;
                name: string;
                verb: string | null;
                activityPrefix: string | null;
                registration: string | null;
                olderThanDays: number;
                createdAt: string;
            }[];
            safeguards: {
                id: string;
                text: string;
            }[];
        };
        Explanation: {
            statementId: string;
            /** @enum {string} */
            view: "full" | "data-subject";
            principal: {
                /** @enum {string} */
                kind: "credential" | "person";
                id: string;
                active: boolean;
            };
            /** @enum {string} */
            decision: "allowed" | "denied";
            voided: boolean;
            allowedBy: ({
                /** @enum {string} */
                kind: "scope";
                scope: string;
            } | {
                /** @enum {string} */
                kind: "self";
            } | {
                /** @enum {string} */
                kind: "policy";
                /** Format: uuid */
                policyId: string;
                version: number;
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                redactFields: string[];
                grantIds?: string[];
            })[];
            notAllowedBy: {
                /** Format: uuid */
                policyId: string;
                version: number;
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                /** @enum {string} */
                reason: "out-of-scope" | "no-active-grant" | "objected";
                objectionIds?: string[];
            }[];
            redactedFields: string[];
            withheld?: {
                /** Format: uuid */
                policyId: string;
                version: number;
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
            }[];
        };
        EffectiveAccessEntry: {
            who: {
                /** @enum {string} */
                kind: "self";
                identifiers?: {
                    agent: {
                        [key: string]: unknown;
                    };
                    linkedAt: string;
                }[];
            } | {
                /** @enum {string} */
                kind: "credential";
                id: string;
                name?: string;
                scopes: string[];
            } | {
                /** @enum {string} */
                kind: "role";
                role: string;
            } | {
                /** @enum {string} */
                kind: "group";
                id: string;
                name?: string;
            } | {
                /** @enum {string} */
                kind: "person";
                id: string;
                username?: string;
            };
            what: {
                statements: "all" | "written-by-them" | {
                    activityPrefixes?: string[];
                    verbs?: string[];
                    registrations?: string[];
                    /** Format: date-time */
                    storedFrom?: string;
                    /** Format: date-time */
                    storedUntil?: string;
                    contextActivities?: {
                        parent?: string[];
                        grouping?: string[];
                        category?: string[];
                        other?: string[];
                    };
                };
                redactedFields: string[];
            };
            why: {
                /** @enum {string} */
                kind: "self-access";
            } | {
                /** @enum {string} */
                kind: "xapi-scope";
                scope: string;
            } | {
                /** @enum {string} */
                kind: "policy";
                /** Format: uuid */
                policyId: string;
                version: number;
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
            };
            /** @enum {string} */
            status: "active" | "inactive";
            /** @enum {string} */
            because: "self-access" | "no-linked-agent" | "xapi-scope" | "legal-obligation" | "no-objection" | "objected" | "granted" | "no-grant" | "grant-expired" | "grant-for-older-version" | "credential-revoked";
            /** Format: uuid */
            grantId?: string;
            expiresAt?: string | null;
            /** Format: uuid */
            objectionId?: string;
        };
        ExportLine: {
            /** @enum {string} */
            type: "statement";
            statement: {
                [key: string]: unknown;
            };
        } | {
            /** @enum {string} */
            type: "attachment";
            attachment: {
                sha2: string;
                contentType: string;
                content: string;
            };
        } | {
            /** @enum {string} */
            type: "document";
            document: {
                /** @enum {string} */
                kind: "state" | "activityProfile" | "agentProfile";
                activityId?: string;
                agent?: {
                    [key: string]: unknown;
                };
                stateId?: string;
                profileId?: string;
                registration?: string;
                contentType: string;
                updated: string;
                /** @enum {string} */
                encoding: "json" | "base64";
                content?: unknown;
            };
        } | {
            /** @enum {string} */
            type: "access-rule";
            access: {
                who: {
                    /** @enum {string} */
                    kind: "self";
                    identifiers?: {
                        agent: {
                            [key: string]: unknown;
                        };
                        linkedAt: string;
                    }[];
                } | {
                    /** @enum {string} */
                    kind: "credential";
                    id: string;
                    name?: string;
                    scopes: string[];
                } | {
                    /** @enum {string} */
                    kind: "role";
                    role: string;
                } | {
                    /** @enum {string} */
                    kind: "group";
                    id: string;
                    name?: string;
                } | {
                    /** @enum {string} */
                    kind: "person";
                    id: string;
                    username?: string;
                };
                what: {
                    statements: "all" | "written-by-them" | {
                        activityPrefixes?: string[];
                        verbs?: string[];
                        registrations?: string[];
                        /** Format: date-time */
                        storedFrom?: string;
                        /** Format: date-time */
                        storedUntil?: string;
                        contextActivities?: {
                            parent?: string[];
                            grouping?: string[];
                            category?: string[];
                            other?: string[];
                        };
                    };
                    redactedFields: string[];
                };
                why: {
                    /** @enum {string} */
                    kind: "self-access";
                } | {
                    /** @enum {string} */
                    kind: "xapi-scope";
                    scope: string;
                } | {
                    /** @enum {string} */
                    kind: "policy";
                    /** Format: uuid */
                    policyId: string;
                    version: number;
                    purpose: {
                        code: string;
                        text: string;
                    };
                    /** @enum {string} */
                    lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                };
                /** @enum {string} */
                status: "active" | "inactive";
                /** @enum {string} */
                because: "self-access" | "no-linked-agent" | "xapi-scope" | "legal-obligation" | "no-objection" | "objected" | "granted" | "no-grant" | "grant-expired" | "grant-for-older-version" | "credential-revoked";
                /** Format: uuid */
                grantId?: string;
                expiresAt?: string | null;
                /** Format: uuid */
                objectionId?: string;
            };
        } | {
            /** @enum {string} */
            type: "receipt";
            receipt: {
                /** Format: uuid */
                receiptId: string;
                timestamp: string;
                controller: {
                    tenantId: string;
                };
                dataSubject: {
                    /** Format: uuid */
                    personId: string;
                };
                recipient: {
                    /** @enum {string} */
                    kind: "credential" | "role" | "group" | "person";
                    id: string;
                };
                purpose: {
                    code: string;
                    text: string;
                };
                /** @enum {string} */
                lawfulBasis: "consent" | "legitimate-interest" | "contract" | "public-task" | "legal-obligation";
                policy: {
                    /** Format: uuid */
                    id: string;
                    version: number;
                };
                record: {
                    /** @enum {string} */
                    type: "grant" | "objection";
                    /** Format: uuid */
                    id: string;
                };
                scope: {
                    activityPrefixes?: string[];
                    verbs?: string[];
                    registrations?: string[];
                    /** Format: date-time */
                    storedFrom?: string;
                    /** Format: date-time */
                    storedUntil?: string;
                    contextActivities?: {
                        parent?: string[];
                        grouping?: string[];
                        category?: string[];
                        other?: string[];
                    };
                };
                expiry: string | null;
                /** @enum {string} */
                status: "granted" | "revoked" | "objected" | "objection-withdrawn";
                actedBy?: {
                    /** Format: uuid */
                    personId: string;
                    /** @enum {string} */
                    as: "self" | "guardian";
                };
            };
        } | {
            /** @enum {string} */
            type: "access-log-head";
            treeHead: {
                tenantId: string;
                seq: string;
                hash: string;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                kind: "periodic" | "retention-start";
                treeSize?: string;
                rootHash?: string;
                publicKeyId: string;
                signature: string;
            };
            publicKeyPem: string;
        } | {
            /** @enum {string} */
            type: "access";
            entry: {
                at: string;
                principal: {
                    id?: string;
                    kind?: string;
                    name?: string;
                };
                action: string;
                resource?: string;
                decision: string;
                count?: number;
                basis: {
                    [key: string]: unknown;
                }[];
                proof?: {
                    seq: string;
                    leafIndex: string;
                    treeSize: string;
                    path: string[];
                    recordHash: string;
                };
            };
        } | {
            /** @enum {string} */
            type: "end";
            statements: number;
            documents: number;
            attachments: number;
            accessRules?: number;
            receipts?: number;
            accessLog?: number;
        };
        /** @description A JWS (RFC 7515 flattened JSON serialization, EdDSA) whose payload is the base64url of the archive content (format `custos-portable-records/1`: issuer, subject, issuedAt, statements, receipts); the key is at the issuer's /.well-known/jwks.json */
        PortableArchive: {
            protected: string;
            payload: string;
            signature: string;
        };
        PortableImportReply: {
            issuer: {
                url: string;
                tenant: string;
            };
            imported: number;
            alreadyPresent: number;
            refused: {
                id: string;
                reason: string;
            }[];
        };
        AuditRecordsPage: {
            records: ({
                tenantId: string;
                seq: string;
                at: string;
                principalId: string;
                principalKind?: string;
                action: string;
                resource?: string;
                query: {
                    [key: string]: unknown;
                };
                decision: string;
                count: number;
                reason: string | null;
                returnedIds?: string[];
                returnedDigest?: string;
                basis?: {
                    [key: string]: unknown;
                }[];
                learnerKeys?: string[];
                requestId?: string;
                eventId?: string;
                prevHash: string;
                hash: string;
            } & {
                [key: string]: unknown;
            })[];
            /** @description The URL of the next page (same filters); null on the last page */
            next: string | null;
        };
        AuditRecord: {
            tenantId: string;
            seq: string;
            at: string;
            principalId: string;
            principalKind?: string;
            action: string;
            resource?: string;
            query: {
                [key: string]: unknown;
            };
            decision: string;
            count: number;
            reason: string | null;
            returnedIds?: string[];
            returnedDigest?: string;
            basis?: {
                [key: string]: unknown;
            }[];
            learnerKeys?: string[];
            requestId?: string;
            eventId?: string;
            prevHash: string;
            hash: string;
        } & {
            [key: string]: unknown;
        };
        AuditStats: {
            records: number;
            principals: {
                principalId: string;
                principalKind?: string;
                name?: string;
                allow: number;
                deny: number;
            }[];
            denialsPerDay: {
                /** Format: date */
                day: string;
                denials: number;
            }[];
            readsPerPolicy: {
                policyId: string;
                reads: number;
                items: number;
            }[];
        };
        AccessLogPage: {
            entries: {
                at: string;
                principal: {
                    id?: string;
                    kind?: string;
                    name?: string;
                };
                action: string;
                resource?: string;
                decision: string;
                count?: number;
                basis: {
                    [key: string]: unknown;
                }[];
                proof?: {
                    seq: string;
                    leafIndex: string;
                    treeSize: string;
                    path: string[];
                    recordHash: string;
                };
            }[];
            /** @description The newest signed tree head of the audit log, which every entry’s `proof` leads to (absent before the first) */
            treeHead?: {
                tenantId: string;
                seq: string;
                hash: string;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                kind: "periodic" | "retention-start";
                treeSize?: string;
                rootHash?: string;
                publicKeyId: string;
                signature: string;
            };
            /** @description The Ed25519 public key (SPKI PEM) that signed `treeHead`; compare it with the one the institution publishes */
            publicKeyPem?: string;
            /** @description The URL of the next page; null on the last page */
            next: string | null;
        };
        AuditVerification: {
            ok: boolean;
            checked: number;
            headHash?: string;
            firstBroken?: {
                seq: string;
                reason: string;
            };
            startSeq?: string;
            headSeq?: string;
            /** @enum {string} */
            signatures?: "checked" | "not-checked";
            publicKeyIds?: string[];
            retentionStart?: {
                seq: string;
                hash: string;
                /** Format: date-time */
                at: string;
            };
            checkpoints?: {
                total: number;
                valid: number;
                beforeStart: number;
                unchecked: number;
                latestValid?: {
                    seq: string;
                    hash: string;
                    /** Format: date-time */
                    at: string;
                    /** @enum {string} */
                    kind: "periodic" | "retention-start";
                };
                problems: {
                    seq: string;
                    kind: string;
                    /** @enum {string} */
                    problem: "bad-signature" | "unknown-key" | "hash-mismatch" | "root-mismatch" | "missing-record" | "other-tenant";
                    detail: string;
                }[];
            };
            kept?: {
                total: number;
                valid: number;
                beforeStart: number;
                unchecked: number;
                latestValid?: {
                    seq: string;
                    hash: string;
                    /** Format: date-time */
                    at: string;
                    /** @enum {string} */
                    kind: "periodic" | "retention-start";
                };
                problems: {
                    seq: string;
                    kind: string;
                    /** @enum {string} */
                    problem: "bad-signature" | "unknown-key" | "hash-mismatch" | "root-mismatch" | "missing-record" | "other-tenant";
                    detail: string;
                }[];
            };
            sequencing?: {
                pending: number;
                oldestAt: string | null;
            };
        };
        AuditCheckpointsPage: {
            checkpoints: components["schemas"]["AuditCheckpoint"][];
            /** @description The URL of the next page; null on the last page */
            next: string | null;
        };
        AuditCheckpoint: {
            tenantId: string;
            seq: string;
            hash: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            kind: "periodic" | "retention-start";
            treeSize?: string;
            rootHash?: string;
            publicKeyId: string;
            signature: string;
        };
        AuditPublicKey: {
            /** @enum {string} */
            algorithm: "Ed25519";
            publicKeyId: string;
            publicKeyPem: string;
        };
        AuditProof: {
            treeHead?: {
                tenantId: string;
                seq: string;
                hash: string;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                kind: "periodic" | "retention-start";
                treeSize?: string;
                rootHash?: string;
                publicKeyId: string;
                signature: string;
            };
            inclusion?: {
                seq: string;
                leafIndex: string;
                treeSize: string;
                path: string[];
                recordHash: string;
            };
            consistency?: {
                from: string;
                to: string;
                path: string[];
            };
        };
        AuditEvidencePack: {
            /** @enum {string} */
            format: "custos.audit-evidence.v1";
            tenantId: string;
            period: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
            };
            /** Format: date-time */
            generatedAt: string;
            records: ({
                tenantId: string;
                seq: string;
                at: string;
                principalId: string;
                principalKind?: string;
                action: string;
                resource?: string;
                query: {
                    [key: string]: unknown;
                };
                decision: string;
                count: number;
                reason: string | null;
                returnedIds?: string[];
                returnedDigest?: string;
                basis?: {
                    [key: string]: unknown;
                }[];
                learnerKeys?: string[];
                requestId?: string;
                eventId?: string;
                prevHash: string;
                hash: string;
            } & {
                [key: string]: unknown;
            })[];
            before: ({
                tenantId: string;
                seq: string;
                at: string;
                principalId: string;
                principalKind?: string;
                action: string;
                resource?: string;
                query: {
                    [key: string]: unknown;
                };
                decision: string;
                count: number;
                reason: string | null;
                returnedIds?: string[];
                returnedDigest?: string;
                basis?: {
                    [key: string]: unknown;
                }[];
                learnerKeys?: string[];
                requestId?: string;
                eventId?: string;
                prevHash: string;
                hash: string;
            } & {
                [key: string]: unknown;
            }) | null;
            after: ({
                tenantId: string;
                seq: string;
                at: string;
                principalId: string;
                principalKind?: string;
                action: string;
                resource?: string;
                query: {
                    [key: string]: unknown;
                };
                decision: string;
                count: number;
                reason: string | null;
                returnedIds?: string[];
                returnedDigest?: string;
                basis?: {
                    [key: string]: unknown;
                }[];
                learnerKeys?: string[];
                requestId?: string;
                eventId?: string;
                prevHash: string;
                hash: string;
            } & {
                [key: string]: unknown;
            }) | null;
            retentionStart: {
                tenantId: string;
                seq: string;
                hash: string;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                kind: "periodic" | "retention-start";
                treeSize?: string;
                rootHash?: string;
                publicKeyId: string;
                signature: string;
            } | null;
            treeHead: {
                tenantId: string;
                seq: string;
                hash: string;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                kind: "periodic" | "retention-start";
                treeSize?: string;
                rootHash?: string;
                publicKeyId: string;
                signature: string;
            };
            inclusion: {
                seq: string;
                leafIndex: string;
                treeSize: string;
                path: string[];
            } | null;
            checkpoints: {
                checkpoint: {
                    tenantId: string;
                    seq: string;
                    hash: string;
                    /** Format: date-time */
                    at: string;
                    /** @enum {string} */
                    kind: "periodic" | "retention-start";
                    treeSize?: string;
                    rootHash?: string;
                    publicKeyId: string;
                    signature: string;
                };
                consistency: {
                    from: string;
                    to: string;
                    path: string[];
                } | null;
            }[];
            verification: {
                ok: boolean;
                checked: number;
                headHash?: string;
                firstBroken?: {
                    seq: string;
                    reason: string;
                };
                startSeq?: string;
                headSeq?: string;
                /** @enum {string} */
                signatures?: "checked" | "not-checked";
                publicKeyIds?: string[];
                retentionStart?: {
                    seq: string;
                    hash: string;
                    /** Format: date-time */
                    at: string;
                };
                checkpoints?: {
                    total: number;
                    valid: number;
                    beforeStart: number;
                    unchecked: number;
                    latestValid?: {
                        seq: string;
                        hash: string;
                        /** Format: date-time */
                        at: string;
                        /** @enum {string} */
                        kind: "periodic" | "retention-start";
                    };
                    problems: {
                        seq: string;
                        kind: string;
                        /** @enum {string} */
                        problem: "bad-signature" | "unknown-key" | "hash-mismatch" | "root-mismatch" | "missing-record" | "other-tenant";
                        detail: string;
                    }[];
                };
                kept?: {
                    total: number;
                    valid: number;
                    beforeStart: number;
                    unchecked: number;
                    latestValid?: {
                        seq: string;
                        hash: string;
                        /** Format: date-time */
                        at: string;
                        /** @enum {string} */
                        kind: "periodic" | "retention-start";
                    };
                    problems: {
                        seq: string;
                        kind: string;
                        /** @enum {string} */
                        problem: "bad-signature" | "unknown-key" | "hash-mismatch" | "root-mismatch" | "missing-record" | "other-tenant";
                        detail: string;
                    }[];
                };
                sequencing?: {
                    pending: number;
                    oldestAt: string | null;
                };
            };
            index: {
                policyChanges: string[];
                erasures: string[];
                retentionRuns: string[];
            };
        };
        AnalyticsResult: {
            query: {
                /** @enum {string} */
                measure: "statements" | "completion" | "success" | "scores";
                groupBy: ("activity" | "parent" | "grouping" | "registration" | "time")[];
                /** @enum {string} */
                interval: "day" | "week" | "month";
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
            };
            k: number;
            noise: {
                epsilon: number;
                remaining: number;
            } | null;
            policies: {
                /** Format: uuid */
                policyId: string;
                version: number;
                lawfulBasis: string;
            }[];
            total: {
                key: {
                    [key: string]: string;
                };
                suppressed: boolean;
                /** @enum {string} */
                reason?: "fewer-than-k" | "range-edge" | "complementary" | "population";
                learners?: number;
                statements?: number;
                positive?: number;
                rate?: number;
            };
            cells: {
                key: {
                    [key: string]: string;
                };
                suppressed: boolean;
                /** @enum {string} */
                reason?: "fewer-than-k" | "range-edge" | "complementary" | "population";
                learners?: number;
                statements?: number;
                positive?: number;
                rate?: number;
            }[];
        };
        ImportJob: {
            /** Format: uuid */
            id: string;
            tenantId: string;
            source: string;
            startedBy: string;
            /** @enum {string} */
            state: "running" | "completed" | "failed";
            pages: number;
            imported: number;
            skipped: number;
            refused: number;
            refusals: {
                id: string | null;
                reason: string;
            }[];
            cursor: {
                more: string | null;
                consistentThrough: string | null;
            };
            error: string | null;
            createdAt: string;
            updatedAt: string;
        };
        StartImport: {
            /** Format: uri */
            from: string;
            key: string;
            secret: string;
        };
    };
    responses: {
        /** @description The request is malformed; `errors` names each bad field */
        E400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No valid credentials or token (WWW-Authenticate offers Basic and Bearer) */
        E401: {
            headers: {
                /** @description The schemes */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Authenticated, but not allowed */
        E403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such resource, or one the caller may not know of */
        E404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Conflicts with what exists */
        E409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The account or key is locked after repeated failed sign-ins, until an admin of the tenant unlocks it */
        E423: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many failed sign-ins for the account, key or client address; Retry-After says when to try again */
        E429: {
            headers: {
                /** @description Seconds before trying again */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Unexpected; the body carries only a correlation id */
        E500: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document of /api/v1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            500: components["responses"]["E500"];
        };
    };
    getSignInOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sign-in options */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInOptions"];
                };
            };
            500: components["responses"]["E500"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description A bearer token (EdDSA JWT, one hour) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    unlockPersonSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether a lockout was lifted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInUnlock"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    unlockCredentialSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether a lockout was lifted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInUnlock"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The person */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Person"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listPeople: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The people */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Person"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createPerson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePerson"];
            };
        };
        responses: {
            /** @description The new person */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Person"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    updatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePerson"];
            };
        };
        responses: {
            /** @description The person */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Person"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listGroups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The groups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Group"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createGroup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateGroup"];
            };
        };
        responses: {
            /** @description The new group */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Group"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    setGroupMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GroupMembers"];
            };
        };
        responses: {
            /** @description The group */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Group"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getTenantSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSettings"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    setTenantSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantSettings"];
            };
        };
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSettings"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    erasePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateErasure"];
            };
        };
        responses: {
            /** @description The erasure */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listOwnErasures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    requestOwnErasure: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    cancelOwnErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    cancelOwnErasureByPost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    requestWardErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    cancelWardErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The erasure */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    approveErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The approved request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credentials */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createCredential: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCredential"];
            };
        };
        responses: {
            /** @description The credential and its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedCredential"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    revokeCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked credential */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    bindCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BindCredential"];
            };
        };
        responses: {
            /** @description The credential as it now is */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyBody"];
            };
        };
        responses: {
            /** @description The policy */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listPolicyCounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyCounts"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    updatePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyBody"];
            };
        };
        responses: {
            /** @description The new version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getPolicyHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listConsentRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentRequest"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    grantConsent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantBody"];
            };
        };
        responses: {
            /** @description The consent receipt of the grant */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    revokeGrant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consent receipt of the revocation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    object: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectionBody"];
            };
        };
        responses: {
            /** @description The consent receipt of the objection */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    withdrawObjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consent receipt of the withdrawal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getReceipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The receipt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listWards: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The learners */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ward"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listWardConsentRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WardConsentRequest"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    grantConsentForWard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WardGrantBody"];
            };
        };
        responses: {
            /** @description The consent receipt, naming the guardian in `actedBy` */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    revokeGrantForWard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consent receipt of the revocation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    objectForWard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WardObjectionBody"];
            };
        };
        responses: {
            /** @description The consent receipt of the objection */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    withdrawObjectionForWard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consent receipt of the withdrawal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getWardReceipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                learnerId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The receipt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentReceipt"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listRetentionRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rules, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionRule"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createRetentionRule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetentionRuleBody"];
            };
        };
        responses: {
            /** @description The rule */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionRule"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    deleteRetentionRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rule removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionRule"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listLegalHolds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The holds, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createLegalHold: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LegalHoldBody"];
            };
        };
        responses: {
            /** @description The hold */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    releaseLegalHold: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The hold, ended */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    retentionDryRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionReport"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    retentionRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was removed, per rule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionReport"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listForwardingTargets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The targets, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": (components["schemas"]["ForwardingTarget"] & {
                        status: components["schemas"]["ForwardingStatus"];
                    })[];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createForwardingTarget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForwardingTargetBody"];
            };
        };
        responses: {
            /** @description The target */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingTarget"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getForwardingTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The target */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingTarget"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    deleteForwardingTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The target removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingTarget"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    updateForwardingTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForwardingTargetPatch"];
            };
        };
        responses: {
            /** @description The target */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingTarget"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    forwardingTargetStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingStatus"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listForwardingDeadLetters: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dead letters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingDeadLetter"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    retryForwardingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deadLetterId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dead letter, queued again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingDeadLetter"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    discardForwardingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deadLetterId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dead letter dropped */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardingDeadLetter"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getRecordsOfProcessing: {
        parameters: {
            query?: {
                /** @description json (default), markdown, or html (a standalone page) */
                format?: "json" | "markdown" | "html";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records of processing */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordsOfProcessing"];
                    "text/markdown": string;
                    "text/html": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    explainAccess: {
        parameters: {
            query: {
                /** @description The statement (any UUID) */
                statementId: string;
                /** @description A credential or person id of the tenant (default: the asker) */
                principal?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The decision and its reasons */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Explanation"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getEffectiveAccess: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per way in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EffectiveAccessEntry"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    exportMyRecords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records, one JSON value per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["ExportLine"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    exportPersonRecords: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records, one JSON value per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["ExportLine"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getMyPortableRecords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed archive (application/jose+json) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortableArchive"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    importMyPortableRecords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortableArchive"];
            };
        };
        responses: {
            /** @description What was kept */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortableImportReply"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listAuditRecords: {
        parameters: {
            query?: {
                /** @description Only records written after this instant */
                since?: string;
                /** @description Only records written at or before this instant */
                until?: string;
                /** @description Only what this credential or person id did */
                principal?: string;
                /** @description Only records about this learner: an xAPI Agent as JSON, as the xAPI `agent` parameter */
                learner?: string;
                /** @description Only records about this person of the tenant, under any identifier linked to them */
                person?: string;
                /** @description Only this action, e.g. `statements.read` */
                action?: string;
                /** @description Only allowed or only denied requests */
                outcome?: "allow" | "deny";
                /** @description Only records whose basis names this policy id */
                policy?: string;
                /** @description Only records whose basis names this learner grant id */
                grant?: string;
                /** @description `desc` (newest first, the default) or `asc` (chain order) */
                order?: "asc" | "desc";
                /** @description Records per page, 1 to 1000 (default 100) */
                limit?: number;
                /** @description From the `next` link of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of records */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditRecordsPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    exportAuditRecords: {
        parameters: {
            query?: {
                /** @description Only records written after this instant */
                since?: string;
                /** @description Only records written at or before this instant */
                until?: string;
                /** @description Only what this credential or person id did */
                principal?: string;
                /** @description Only records about this learner: an xAPI Agent as JSON, as the xAPI `agent` parameter */
                learner?: string;
                /** @description Only records about this person of the tenant, under any identifier linked to them */
                person?: string;
                /** @description Only this action, e.g. `statements.read` */
                action?: string;
                /** @description Only allowed or only denied requests */
                outcome?: "allow" | "deny";
                /** @description Only records whose basis names this policy id */
                policy?: string;
                /** @description Only records whose basis names this learner grant id */
                grant?: string;
                /** @description `desc` (newest first, the default) or `asc` (chain order) */
                order?: "asc" | "desc";
                /** @description `ndjson` (the default: one record per line) or `csv` (a header row, RFC 4180 quoting) */
                format?: "ndjson" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["AuditRecord"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAuditStats: {
        parameters: {
            query?: {
                /** @description Only records written after this instant */
                since?: string;
                /** @description Only records written at or before this instant */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditStats"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAccessLog: {
        parameters: {
            query?: {
                /** @description Only records written after this instant */
                since?: string;
                /** @description Only records written at or before this instant */
                until?: string;
                /** @description `desc` (newest first, the default) or `asc` (chain order) */
                order?: "asc" | "desc";
                /** @description Records per page, 1 to 1000 (default 100) */
                limit?: number;
                /** @description From the `next` link of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of accesses, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLogPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    verifyAuditLog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verdict (`ok: false` names `firstBroken`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listAuditCheckpoints: {
        parameters: {
            query?: {
                /** @description `desc` (newest first, the default) or `asc` (chain order) */
                order?: "asc" | "desc";
                /** @description Checkpoints per page, 1 to 1000 (default 100) */
                limit?: number;
                /** @description From the `next` link of the previous page */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of checkpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditCheckpointsPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    createAuditCheckpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new checkpoint */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditCheckpoint"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAuditPublicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public key (SPKI PEM) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPublicKey"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAuditProof: {
        parameters: {
            query?: {
                /** @description A record of the log */
                seq?: string;
                /** @description The size of an earlier tree (a kept head) */
                from?: string;
                /** @description Prove against this tree size (default: the newest) */
                treeSize?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The proof */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditProof"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAuditEvidence: {
        parameters: {
            query: {
                /** @description The start of the period (ISO 8601 with a time zone), included */
                from: string;
                /** @description The end of the period (ISO 8601 with a time zone), excluded; at most 366 days on */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The evidence pack */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEvidencePack"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAnalyticsStatements: {
        parameters: {
            query?: {
                /** @description Up to two of activity, parent, grouping, registration, time, comma-separated (none: only the total) */
                groupBy?: string;
                /** @description The time buckets of groupBy=time (default month) */
                interval?: "day" | "week" | "month";
                /** @description Start (YYYY-MM, YYYY-MM-DD or an instant), snapped to its month’s first day */
                from?: string;
                /** @description End, exclusive, snapped up to a month’s first day; default: the end of the current month; at most 36 months */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cells, suppressed ones marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsResult"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAnalyticsCompletion: {
        parameters: {
            query?: {
                /** @description Up to two of activity, parent, grouping, registration, time, comma-separated (none: only the total) */
                groupBy?: string;
                /** @description The time buckets of groupBy=time (default month) */
                interval?: "day" | "week" | "month";
                /** @description Start (YYYY-MM, YYYY-MM-DD or an instant), snapped to its month’s first day */
                from?: string;
                /** @description End, exclusive, snapped up to a month’s first day; default: the end of the current month; at most 36 months */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cells, suppressed ones marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsResult"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAnalyticsSuccess: {
        parameters: {
            query?: {
                /** @description Up to two of activity, parent, grouping, registration, time, comma-separated (none: only the total) */
                groupBy?: string;
                /** @description The time buckets of groupBy=time (default month) */
                interval?: "day" | "week" | "month";
                /** @description Start (YYYY-MM, YYYY-MM-DD or an instant), snapped to its month’s first day */
                from?: string;
                /** @description End, exclusive, snapped up to a month’s first day; default: the end of the current month; at most 36 months */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cells, suppressed ones marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsResult"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getAnalyticsScores: {
        parameters: {
            query?: {
                /** @description Up to two of activity, parent, grouping, registration, time, comma-separated (none: only the total) */
                groupBy?: string;
                /** @description The time buckets of groupBy=time (default month) */
                interval?: "day" | "week" | "month";
                /** @description Start (YYYY-MM, YYYY-MM-DD or an instant), snapped to its month’s first day */
                from?: string;
                /** @description End, exclusive, snapped up to a month’s first day; default: the end of the current month; at most 36 months */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cells, suppressed ones marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsResult"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    listImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import jobs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"][];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    startImport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartImport"];
            };
        };
        responses: {
            /** @description The import job */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
    getImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            423: components["responses"]["E423"];
            429: components["responses"]["E429"];
            500: components["responses"]["E500"];
        };
    };
}
