import { confirmationDependencies } from '../../shared/composition/confirmation-dependencies.js';
import { intakeConfig } from '../../shared/config.js';
import { spamDefencesFrom } from '../../shared/spam/spam-settings.js';
import { createSubmitApplicationHandler } from './create-handler.js';

const config = intakeConfig();

/** Lambda entry point for `POST /applications/{type}`. */
export const handler = createSubmitApplicationHandler({
  ...confirmationDependencies(config),
  thankYouUrl: config.THANK_YOU_URL,
  spamDefences: () => spamDefencesFrom(config),
  notifyStaff: config.STAFF_NOTIFICATIONS === 'on',
});
