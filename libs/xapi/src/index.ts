// xAPI 1.0.3 (Data, Communication) and IEEE 9274.1.1 (xAPI 2.0) — the public surface of @custos/xapi.
/**
 * The xAPI rules of Custos, in one place: statement types, strict validation for the 1.0.3 and 2.0.0 rule
 * sets, what the LRS assigns on storage, statement equivalence, agent identity, index terms, statement
 * query parsing and response formats. Pure functions, no I/O.
 *
 * @packageDocumentation
 */

/** Statement data model types, the two rule sets, and version-header mapping. */
export {
  SUPPORTED_VERSIONS,
  VOIDED_VERB_IRI,
  isActivity,
  parseVersionHeader,
  type Account,
  type Activity,
  type ActivityDefinition,
  type Actor,
  type Agent,
  type Attachment,
  type Context,
  type ContextActivities,
  type ContextAgent,
  type ContextGroup,
  type Extensions,
  type Group,
  type InteractionComponent,
  type InteractionType,
  type InverseFunctionalIdentifier,
  type LanguageMap,
  type ObjectActor,
  type Result,
  type Score,
  type Statement,
  type StatementObject,
  type StatementRef,
  type SubStatement,
  type Verb,
  type XapiVersion,
} from './types.js';

/** Validation of statement bodies and standalone agents, with path-precise errors. */
export {
  validateActor,
  validateStatement,
  validateStatements,
  type ValidateStatementsOptions,
  type ValidateStatementsResult,
  type ValidationError,
} from './validate.js';

/** Limits on JSON from outside: nesting depth, and text PostgreSQL cannot hold (NUL, lone surrogates). */
export {
  findUnstorableText,
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
  tooDeepMessage,
  unstorableTextReason,
} from './json-limits.js';

/** Format checks for single values (IRI, UUID, timestamps, durations, language tags, mbox, hashes). */
export { isIri, isIrl, isUri } from './primitives/iri.js';
export { isMailtoIri, isSha1Hex, isSha2Hex, isUuid } from './primitives/identifiers.js';
export { isLanguageTag } from './primitives/language-tag.js';
export {
  isTimestamp,
  normalizeTimestamp,
  parseTimestamp,
  type ParsedTimestamp,
} from './primitives/timestamp.js';
export { isDuration } from './primitives/duration.js';

/** What the LRS assigns when storing a statement. */
export { defaultStatementVersion, enrichStatement, type EnrichContext } from './enrich.js';
/** contextActivities single-object → array rewrite. */
export { normalizeContextActivities, normalizeStatement } from './normalize.js';

/** Statement Comparison Requirements (409 vs no-op on a repeated id). */
export { statementsEquivalent } from './equivalence.js';

/** Canonical inverse functional identifiers and their privacy-preserving hash. */
export { ifiHash, ifiOf, normalizeMbox } from './ifi.js';

/** Erasure of a person: their mentions in statements about others become one stand-in Agent. */
export { ERASED_HOME_PAGE, eraseAgentFrom, type ErasedAccount } from './erase-agent.js';

/** Lookup keys for stored statements (agent / activity / verb / registration / voiding filters). */
export { indexTermsOf, type ContextActivityKind, type StatementIndexTerms } from './index-terms.js';

/** GET /statements parameter parsing. */
export {
  STATEMENT_QUERY_PARAMS,
  XapiQueryError,
  parseStatementQuery,
  type StatementFormat,
  type StatementQuery,
  type StatementQueryParam,
} from './query-params.js';

/** Response shaping for format=ids|exact|canonical and Accept-Language handling. */
export { formatStatement } from './format.js';
export { parseAcceptLanguage, pickLanguage } from './accept-language.js';

/** Attachment usageType of a JWS statement signature. */
export { SIGNATURE_USAGE_TYPE } from './validate/attachments.js';

/** Document Resources (State, Activity Profile, Agent Profile): parameters, bodies and merge, concurrency. */
export {
  DOCUMENT_KINDS,
  documentParamNames,
  parseDocumentParams,
  type DocumentKind,
  type DocumentMethod,
  type DocumentParams,
} from './document-params.js';
export {
  DEFAULT_DOCUMENT_CONTENT_TYPE,
  DocumentContentError,
  checkDocumentBody,
  isJsonMediaType,
  mergeDocumentObjects,
  mergeJsonDocuments,
  parseJsonObjectDocument,
  type JsonObjectDocument,
} from './document-content.js';
export {
  EntityTagSyntaxError,
  checkDocumentPreconditions,
  documentEtag,
  parseEntityTagCondition,
  quoteEtag,
  requiresPreconditionHeader,
  requiresPreconditionToOverwrite,
  type DocumentPreconditions,
  type EntityTag,
  type EntityTagCondition,
  type PreconditionDecision,
} from './document-concurrency.js';

/** Activities with definitions (canonical definitions) and Person objects (Agents resource). */
export {
  definedActivitiesOf,
  mergeActivityDefinitions,
  mergeDefinedActivities,
  servedActivityDefinition,
} from './activities.js';
export { type Person, personOf } from './person.js';

/** The `agent` parameter of the Statements, State, Agent Profile and Agents resources. */
export { type AgentParam, parseAgentParam } from './agent-param.js';

/** Statement parts an institution policy may redact (DESIGN "Access model"). */
export {
  REDACTABLE_STATEMENT_FIELDS,
  isRedactableStatementField,
  redactStatement,
  type RedactableStatementField,
} from './redact.js';
