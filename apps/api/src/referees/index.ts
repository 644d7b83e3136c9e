/** Referees of applications (docs/calls.md "Referees"). */
export { RefereesModule } from './referees.module';
