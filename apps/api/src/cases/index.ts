/** Aid cases. What other contexts may use of them: the modules and the case access checks the files routes share. */
export { CaseAccess, requireNotShut } from './case-access';
export { CaseProgress } from './case-progress';
export { encKidOf, requireEnvelope, requireNewestEpoch, signKeyOf } from './case-checks';
export { type CaseRow } from './case.repository';
export { CasesModule, CasesWorkerModule } from './cases.module';
