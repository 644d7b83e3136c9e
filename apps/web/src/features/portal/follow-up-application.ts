/**
 * What the follow-up page needs of the applicant's follow-up (features/calls), given by the router:
 * a loader of the signed-in applicant's application (null when the receipt has none) and the
 * component that shows it. Types only.
 */
import { type ComponentType } from 'react';

export interface ApplicationFollowUpChunk {
  /** The signed-in applicant's application, opened in the worker; null when this receipt has none. */
  readonly load: () => Promise<object | null>;
  readonly Page: ComponentType<{ kid: string; loaded: never; onLeave: () => void }>;
}
