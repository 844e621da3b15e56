import { intakeConfig } from '../../shared/config.js';
import { systemEnvironment } from '../../shared/domain/system-environment.js';
import { SesMailer, sesClientInstance } from '../../shared/email/ses-mailer.js';
import { logger } from '../../shared/observability/logger.js';
import { spamDefencesFrom } from '../../shared/spam/spam-settings.js';
import { DynamoDbApplicationRepository } from '../../shared/store/application-repository.js';
import { dynamoDbDocumentClient } from '../../shared/store/clients.js';
import { createSubmitApplicationHandler } from './create-handler.js';

const config = intakeConfig();

/** Lambda entry point for `POST /applications/{type}`. */
export const handler = createSubmitApplicationHandler({
  repository: new DynamoDbApplicationRepository(dynamoDbDocumentClient(), config.TABLE_NAME),
  mailer: new SesMailer(sesClientInstance(), {
    from: config.SENDER_EMAIL,
    replyTo: config.STAFF_EMAIL,
    configurationSet: config.SES_CONFIGURATION_SET,
  }),
  environment: systemEnvironment,
  log: logger,
  program: { programName: config.PROGRAM_NAME, staffEmail: config.STAFF_EMAIL },
  thankYouUrl: config.THANK_YOU_URL,
  spamDefences: () => spamDefencesFrom(config),
  notifyStaff: config.STAFF_NOTIFICATIONS === 'on',
});
