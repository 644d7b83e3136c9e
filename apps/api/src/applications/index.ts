/** Applications to calls (docs/calls.md "Applications"). */
export { ApplicationsModule } from './applications.module';
