/** The enrolment-by-invitation feature's surface. */
export { EnrolPage } from './enrol-page';
