// xAPI 1.0.3 Data §2.4 and IEEE 9274.1.1 (xAPI 2.0) §4.2.2 — Statement data model; Communication §3.3 /
// 9274.1.1 §4.1.1 — versioning (X-Experience-API-Version).
//
// These types describe statements that already passed validateStatement(); nothing here checks anything.
// contextActivities values may still be single Activities on input (a 0.95 compatibility form the LRS
// accepts and then stores as arrays), so the type keeps both shapes.

/** The two rule sets this library implements. Every 1.0.x header selects '1.0.3', every 2.0.x '2.0.0'. */
export type XapiVersion = '1.0.3' | '2.0.0';

/** Versions announced on GET /about (the `version` array). */
export const SUPPORTED_VERSIONS: readonly string[] = ['1.0.0', '1.0.1', '1.0.2', '1.0.3', '2.0.0'];

// 1.0.3 Communication §3.3 requires "1.0" and anything starting with "1.0." to be accepted; the 2.0
// conformance suite requires the same of "2.0" and "2.0.x". Pre-release suffixes are not versions we know.
const V1_HEADER = /^1\.0(?:\.\d+)?$/;
const V2_HEADER = /^2\.0(?:\.\d+)?$/;

/**
 * Maps an X-Experience-API-Version header to the rule set that governs the request.
 * Returns null when the header is missing or names a version this LRS does not implement (answer 400).
 */
export function parseVersionHeader(value: string | undefined): XapiVersion | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (V1_HEADER.test(trimmed)) return '1.0.3';
  if (V2_HEADER.test(trimmed)) return '2.0.0';
  return null;
}

/** RFC 5646 language tag → text. */
export type LanguageMap = Record<string, string>;

/** IRI → any JSON value. The only open maps in a statement. */
export type Extensions = Record<string, unknown>;

/** A user account on some system (FOAF accountServiceHomePage + accountName). */
export interface Account {
  homePage: string;
  name: string;
}

/** The four inverse functional identifiers; an Agent carries exactly one, a Group at most one. */
export interface InverseFunctionalIdentifier {
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: Account;
}

/** An individual (person or system). objectType is optional except when the Agent is a statement object. */
export interface Agent extends InverseFunctionalIdentifier {
  objectType?: 'Agent';
  name?: string;
}

/** An identified Group (one IFI) or an anonymous Group (no IFI, `member` required). Members are Agents. */
export interface Group extends InverseFunctionalIdentifier {
  objectType: 'Group';
  name?: string;
  member?: Agent[];
}

/** Who a statement is about. */
export type Actor = Agent | Group;

/** The action; only `id` carries meaning, `display` is for humans. */
export interface Verb {
  id: string;
  display?: LanguageMap;
}

/** interactionType values, exactly as spelled by the spec (case-sensitive). */
export type InteractionType =
  | 'true-false'
  | 'choice'
  | 'fill-in'
  | 'long-fill-in'
  | 'matching'
  | 'performance'
  | 'sequencing'
  | 'likert'
  | 'numeric'
  | 'other';

/** One entry of choices / scale / source / target / steps. */
export interface InteractionComponent {
  id: string;
  description?: LanguageMap;
}

/** Metadata about an Activity; not part of the statement for immutability purposes. */
export interface ActivityDefinition {
  name?: LanguageMap;
  description?: LanguageMap;
  type?: string;
  moreInfo?: string;
  interactionType?: InteractionType;
  correctResponsesPattern?: string[];
  choices?: InteractionComponent[];
  scale?: InteractionComponent[];
  source?: InteractionComponent[];
  target?: InteractionComponent[];
  steps?: InteractionComponent[];
  extensions?: Extensions;
}

/** Something that was experienced, identified by an IRI. objectType defaults to Activity. */
export interface Activity {
  objectType?: 'Activity';
  id: string;
  definition?: ActivityDefinition;
}

/** A pointer to another statement by id. */
export interface StatementRef {
  objectType: 'StatementRef';
  id: string;
}

/** Graded outcome. */
export interface Score {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

/** Measured outcome of the experience. */
export interface Result {
  score?: Score;
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
  extensions?: Extensions;
}

/** Related Activities by relationship; a single Activity is accepted on input and stored as an array. */
export interface ContextActivities {
  parent?: Activity[] | Activity;
  grouping?: Activity[] | Activity;
  category?: Activity[] | Activity;
  other?: Activity[] | Activity;
}

/** xAPI 2.0: an Agent relevant to the experience, optionally typed by Activity-type-like IRIs. */
export interface ContextAgent {
  objectType: 'contextAgent';
  agent: Agent;
  relevantTypes?: string[];
}

/** xAPI 2.0: a Group relevant to the experience. */
export interface ContextGroup {
  objectType: 'contextGroup';
  group: Group;
  relevantTypes?: string[];
}

/** Circumstances of the experience. contextAgents / contextGroups exist only in 2.0 statements. */
export interface Context {
  registration?: string;
  instructor?: Actor;
  team?: Group;
  contextActivities?: ContextActivities;
  contextAgents?: ContextAgent[];
  contextGroups?: ContextGroup[];
  revision?: string;
  platform?: string;
  language?: string;
  statement?: StatementRef;
  extensions?: Extensions;
}

/** Attachment metadata as carried in the statement; the bytes travel in a multipart body or at fileUrl. */
export interface Attachment {
  usageType: string;
  display: LanguageMap;
  description?: LanguageMap;
  contentType: string;
  length: number;
  sha2: string;
  fileUrl?: string;
}

/** An Agent or Group in object position, where objectType is mandatory. */
export type ObjectActor = (Agent & { objectType: 'Agent' }) | Group;

/** A statement nested as an object; it describes rather than records an experience. */
export interface SubStatement {
  objectType: 'SubStatement';
  actor: Actor;
  verb: Verb;
  object: Activity | ObjectActor | StatementRef;
  result?: Result;
  context?: Context;
  timestamp?: string;
  attachments?: Attachment[];
}

/** What a statement's object can be. */
export type StatementObject = Activity | ObjectActor | StatementRef | SubStatement;

/** An xAPI statement; id, stored, authority and version are filled in by enrichStatement(). */
export interface Statement {
  id?: string;
  actor: Actor;
  verb: Verb;
  object: StatementObject;
  result?: Result;
  context?: Context;
  timestamp?: string;
  stored?: string;
  authority?: Actor;
  version?: string;
  attachments?: Attachment[];
}

/** The reserved verb that voids the statement named by a StatementRef object. */
export const VOIDED_VERB_IRI = 'http://adlnet.gov/expapi/verbs/voided';

/** True when the object is an Activity (objectType absent or "Activity"). */
export function isActivity(object: StatementObject): object is Activity {
  return object.objectType === undefined || object.objectType === 'Activity';
}
