/** The programme managers' console (docs/calls.md): Programme home and the call editor. */
export { ProgrammeHome } from './programme-home';
export { CallEditorPage } from './call-editor-page';
export { ApplicationsPage } from './applications-page';
export { ApplicationReaderPage } from './application-reader';
