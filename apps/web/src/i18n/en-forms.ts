/** The request forms' English words (libs/domain), loaded like any other resource file when a page needs the `forms` namespace. */
export { REQUEST_FORM_WORDS as EN_FORMS } from '@ashar/domain';
