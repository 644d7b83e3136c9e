/** The HTTP edge: Express adapter, problem responses, security headers, validation pipe, request logging, page cursors. */
export { ContractBody, ContractParams, ContractQuery } from './contract-args';
export { decodeCursor, encodeCursor } from './cursor';
export { AsharExpressAdapter } from './express-adapter';
export { type AsharLogging, asharLogging } from './logging';
export { ProblemFilter } from './problem.filter';
export { securityHeaders } from './security';
export { ZodValidationPipe } from './zod-validation.pipe';
