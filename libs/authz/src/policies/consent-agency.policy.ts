// Who makes a learner's consent choices (GDPR Art. 8, docs/privacy-operations.md "Guardians and minors"): the
// learner themself once of age; while they are a minor, only a guardian linked to them. This is the one rule for
// grants, revocations, objections and erasure requests: consent's `actsForLearner` asks it, with the learner's
// facts (minor or not, decided at the time of the request) loaded from the database.
import type { PersonPolicy } from './self.policy.js';

export const consentAgencyPolicy: PersonPolicy = ({ can }, { tenantId, personId, roles }) => {
  // Any person of the tenant makes their own choices, as before guardians existed — unless they are a minor.
  can('manage', 'LearnerConsent', { tenantId, learnerId: personId, minor: false });
  // A guardian acts for a minor linked to them, and for nobody else; not once the learner comes of age.
  if (roles.includes('guardian')) {
    can('manage', 'LearnerConsent', { tenantId, minor: true, guardianIds: { $in: [personId] } });
  }
};
