/** The public portal's surface: its pages, its frame, and the encrypted-upload pieces the case page reuses. */
export { type ChosenFile, FILES_PER_SUBMISSION, FilePicker } from './file-picker';
export { type UploadSender } from './file-upload';
export { FollowUpPage } from './follow-up-page';
export { PortalFrame } from './portal-frame';
export { RequestPage } from './request-page';
export { UploadProgress } from './upload-progress';
export { useUploads } from './use-uploads';
