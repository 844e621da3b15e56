import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger of a function container. Log identifiers (application id,
 * reference, request id) and error names only: never a field the applicant typed.
 */
export const logger = new Logger({ serviceName: 'mentoring-intake' });
