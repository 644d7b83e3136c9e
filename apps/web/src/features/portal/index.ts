/**
 * The public portal's surface: its pages and the encrypted-upload pieces the case page reuses.
 * The router imports this only with `import()`, so none of it is in what the landing page loads;
 * the follow-up page is a chunk of its own again (`loadFollowUpPage`), so that the request page
 * (loaded before Send) does not carry it. The frame and the quick exit are in portal-shell/.
 */
export { type ChosenFile, FILES_PER_SUBMISSION, FilePicker } from './file-picker';
export { type UploadSender } from './file-upload';
export { RequestPage } from './request-page';
export { UploadProgress } from './upload-progress';
export { useUploads } from './use-uploads';

/** The follow-up page, loaded when its route is first opened. */
export const loadFollowUpPage = async () => (await import('./follow-up-page')).FollowUpPage;
