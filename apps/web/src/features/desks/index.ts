/** The desks feature's surface: its pages, the desk keys panel, and the desk lookups other staff screens share. */
export { DeskAdminPage } from './desk-admin-page';
export { DeskKeysPanel } from './desk-keys-panel';
export { deskDirectoryQuery, deskStaffingQuery } from './desk-queries';
export { deskKeyVersions } from './desk-key-phase';
export { freshSession, ledDesks, memberDesks } from './desk-state';
export { DesksPage } from './desks-page';
export { MyDesksPage } from './my-desks-page';
export { useOwnDesks } from './use-own-desks';
