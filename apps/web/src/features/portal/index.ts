/**
 * The public portal's surface: its pages and the encrypted-upload pieces the case page reuses.
 * The router imports this only with `import()`, so none of it is in what the landing page loads;
 * the follow-up page is a chunk of its own again (`loadFollowUpPage`), so that the request page
 * (loaded before Send) does not carry it. The frame and the quick exit are in portal-shell/.
 */
import { type ApplicationFollowUpChunk } from './follow-up-application';

export { type ChosenFile, FILES_PER_SUBMISSION, FilePicker } from './file-picker';
export { type UploadSender } from './file-upload';
export { RequestPage } from './request-page';
export { UploadProgress } from './upload-progress';
export { useUploads } from './use-uploads';

// What the call pages reuse to apply to a call (features/calls): the request form's field, its
// words, the receipt code, the portal's errors, intake's configuration and sign-in.
export { ReceiptCode } from './receipt-code';
export { RequestField } from './request-field';
export { type Words, usePortalWords, words } from './words';
export { PortalError, describePortalError } from './portal-errors';
export { intakeConfig, requesterSignOut } from './portal-api';
export { onQuickExit } from './quick-exit';
export { signInWithHeldKeys } from './submit-request';
export { type ApplicationFollowUpChunk } from './follow-up-application';

/**
 * The follow-up page, loaded when its route is first opened. `applications` loads the applicant's
 * follow-up (the call pages' chunk) for a receipt of an application; the router gives it, so that
 * this feature does not import the call pages.
 */
export const loadFollowUpPage = async (applications?: () => Promise<ApplicationFollowUpChunk>) => {
  const page = await import('./follow-up-page');
  if (applications) page.setApplicationFollowUp(applications);
  return page.FollowUpPage;
};
