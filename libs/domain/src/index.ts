/**
 * @ashar/domain: the domain rules shared by the api and the web app. Pure TypeScript; no Node,
 * Nest, React or database imports.
 */
export * from './errors';
export * from './vocabulary';
export * from './countries';
export * from './languages';
export * from './ui-languages';
export * from './case-lifecycle';
export * from './case-actor';
export * from './case-work';
export * from './sla';
export * from './routing';
export * from './form-fields';
export * from './request-forms';
export * from './request-words';
export * from './principal';
export * from './subjects';
export * from './ability';
export * from './ability-sql';
export * from './access-rules';
export * from './case-api';
export * from './inbox-api';
export * from './desk-reseal';
export * from './file-api';
export * from './money';
export * from './grant-lifecycle';
export * from './approval-policy';
export * from './grant-api';
export * from './call-time';
export * from './calls';
export * from './call-review';
export * from './cohorts';
export * from './disclosure';
export * from './contracts/index';
