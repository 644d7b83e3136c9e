/** Identity and access: passkeys, sessions, enrolment and the policy guard. What other contexts may use of it. */
export { AuthModule } from './auth.module';
export { ChallengeStore } from './challenge.store';
export { clearSessionCookie, sessionCookieName, setSessionCookie } from './cookies';
export { CurrentSession } from './policy.guard';
export { ProofOfWork } from './proof-of-work';
export { RateLimit, type RateLimitRule } from './rate-limiter';
export { type ActiveSession, SessionStore } from './session.store';
