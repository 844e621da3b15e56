import { confirmationDependencies } from '../../shared/composition/confirmation-dependencies.js';
import { intakeConfig } from '../../shared/config.js';
import { spamDefencesFrom } from '../../shared/spam/spam-settings.js';
import { createSubmitApplicationHandler } from './create-handler.js';

const config = intakeConfig();

// Start fetching the spam-defence secrets during init, which Lambda runs before the first
// request arrives; the first request then finds them cached. A failure here is not cached:
// the request asks again.
spamDefencesFrom(config).catch(() => undefined);

/** Lambda entry point for `POST /applications/{type}`. */
export const handler = createSubmitApplicationHandler({
  ...confirmationDependencies(config),
  thankYouUrl: config.THANK_YOU_URL,
  spamDefences: () => spamDefencesFrom(config),
  notifyStaff: config.STAFF_NOTIFICATIONS === 'on',
});
