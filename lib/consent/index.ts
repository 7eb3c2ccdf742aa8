export { recordConsent, consentHistory, sendableWhere, isSendable, type ConsentState, type ConsentSource, type ConsentInput } from "./service";
export { listSuppressions, addSuppression, removeSuppression, suppressNumbers, type SuppressionRow } from "./suppressions";
