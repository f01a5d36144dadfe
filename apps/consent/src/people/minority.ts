// When a learner comes of age (GDPR Art. 8, docs/privacy-operations.md "Guardians and minors"), as SQL: the one
// copy of the rule, used wherever consent reads whether a learner is a minor. Decided by the database's clock at
// the time of each request — no job flips a flag — so a learner acts alone from the first request on the day.

/**
 * The first day the learner `p` (an alias of consent.person) is of age: their explicit "minor until" date when an
 * admin set one, else their birth date plus their tenant's age of digital consent; NULL when neither is known
 * (then they are not a minor). A birthday on 29 February falls on 28 February in other years (PostgreSQL's date
 * arithmetic), never later.
 */
export const ofAgeOnSql = (p: string): string =>
  `COALESCE(${p}.minor_until, (${p}.birth_date + make_interval(years => (
     SELECT t.age_of_digital_consent FROM consent.tenant t WHERE t.id = ${p}.tenant_id)::int))::date)`;

/** Whether the learner `p` is a minor today. */
export const isMinorSql = (p: string): string => `COALESCE(current_date < ${ofAgeOnSql(p)}, false)`;
