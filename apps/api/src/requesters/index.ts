/** Requesters and their sign-in. */
export { RequestersModule } from './requesters.module';
