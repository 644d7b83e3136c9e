/** The frame of every public page lives in portal-shell/ (the landing page needs it without the rest of the portal). */
export { PortalFrame } from '../../portal-shell/portal-frame';
