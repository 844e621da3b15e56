import { addressFingerprints } from '../applications/address-fingerprints.js';
import { checkInLinkUrl } from '../applications/check-in-link.js';
import { evaluationLinkUrl } from '../applications/evaluation-link.js';
import { invitationLinkUrl } from '../applications/invitation-link.js';
import { DynamoDbApplicationRepository } from '../applications/store/application-repository.js';
import { systemEnvironment } from '../applications/system-environment.js';
import { dynamoDbDocumentClient } from '../platform/aws/clients.js';
import type { EmailConfig } from '../platform/config.js';
import { logger } from '../platform/observability/logger.js';
import { operationalMetrics } from '../platform/observability/metrics.js';
import { secretValue } from '../platform/secrets/secret-value.js';
import { DynamoDbIssuedLetters } from '../recognition/index.js';
import { applicantLinkUrl } from '../self-service/index.js';
import type { DeliveryDependencies } from './deliver-email.js';
import { SesMailer, sesClientInstance } from './ses-mailer.js';
import { DynamoDbEmailOutbox } from './store/email-outbox.js';

/** The real adapters behind delivering outbox emails, from the container's settings. */
export function deliveryDependencies(config: EmailConfig): DeliveryDependencies {
  const client = dynamoDbDocumentClient();
  const fingerprints = addressFingerprints(config);
  return {
    repository: new DynamoDbApplicationRepository(client, config.TABLE_NAME),
    outbox: new DynamoDbEmailOutbox(client, config.TABLE_NAME, fingerprints),
    mailer: new SesMailer(sesClientInstance(), {
      from: config.SENDER_EMAIL,
      replyTo: config.STAFF_EMAIL,
      configurationSet: config.SES_CONFIGURATION_SET,
    }),
    environment: systemEnvironment,
    log: logger,
    program: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
    metrics: operationalMetrics,
    fingerprints,
    letters: new DynamoDbIssuedLetters(client, config.TABLE_NAME),
    ...signedLinks(config),
  };
}

/**
 * Each confirmation's link to the applicant's page, each invitation's to the returning
 * mentor's, each check-in's and each evaluation's to its page, when the stack gives the API's address and
 * the link key.
 */
function signedLinks(
  config: EmailConfig,
): Pick<
  DeliveryDependencies,
  'applicantLink' | 'invitationLink' | 'checkInLink' | 'evaluationLink'
> {
  const baseUrl = config.PUBLIC_BASE_URL;
  if (baseUrl === undefined) return {};
  const linkSecret = () =>
    secretValue({ value: config.APPLICANT_LINK_SECRET, arn: config.APPLICANT_LINK_SECRET_ARN });
  return {
    applicantLink: async (submission) => {
      const secret = await linkSecret();
      return secret === undefined ? undefined : applicantLinkUrl(baseUrl, secret, submission);
    },
    invitationLink: async (applicationId, facts) => {
      const secret = await linkSecret();
      return secret === undefined
        ? undefined
        : invitationLinkUrl(baseUrl, secret, applicationId, facts);
    },
    checkInLink: async (applicationId, facts) => {
      const secret = await linkSecret();
      return secret === undefined
        ? undefined
        : checkInLinkUrl(baseUrl, secret, applicationId, facts);
    },
    evaluationLink: async (applicationId, facts) => {
      const secret = await linkSecret();
      return secret === undefined
        ? undefined
        : evaluationLinkUrl(baseUrl, secret, applicationId, facts);
    },
  };
}
