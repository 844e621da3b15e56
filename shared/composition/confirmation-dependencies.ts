import type { IntakeConfig } from '../config.js';
import type { ConfirmationDependencies } from '../domain/send-confirmation.js';
import { systemEnvironment } from '../domain/system-environment.js';
import { SesMailer, sesClientInstance } from '../email/ses-mailer.js';
import { logger } from '../observability/logger.js';
import { DynamoDbApplicationRepository } from '../store/application-repository.js';
import { dynamoDbDocumentClient } from '../store/clients.js';

/** The real adapters behind sending confirmations, from the container's settings. */
export function confirmationDependencies(config: IntakeConfig): ConfirmationDependencies {
  return {
    repository: new DynamoDbApplicationRepository(dynamoDbDocumentClient(), config.TABLE_NAME),
    mailer: new SesMailer(sesClientInstance(), {
      from: config.SENDER_EMAIL,
      replyTo: config.STAFF_EMAIL,
      configurationSet: config.SES_CONFIGURATION_SET,
    }),
    environment: systemEnvironment,
    log: logger,
    program: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
  };
}
