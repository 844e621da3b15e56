import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { spamDefencesFrom } from '../../shared/intake/spam/spam-settings.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { pageConfig } from '../../shared/platform/config.js';
import { createFormPagesHandler } from './create-handler.js';

const config = pageConfig();

// Start fetching the spam-defence secrets during init, which Lambda runs before the first
// request arrives; the first request then finds them cached. A failure here is not cached:
// the request asks again.
spamDefencesFrom(config).catch(() => undefined);

/** Lambda entry point for `/`, `/forms/{type}`, `/forms/{type}/token` and `/forms/enhance.js`. */
export const handler = createFormPagesHandler({
  now: () => new Date(),
  thankYouUrl: config.THANK_YOU_URL,
  framingOrigins: config.ALLOWED_ORIGINS,
  turnstileSiteKey: config.TURNSTILE_SITE_KEY,
  spamDefences: () => spamDefencesFrom(config),
  calendar: new DynamoDbCycleCalendar(dynamoDbDocumentClient(), config.TABLE_NAME),
});
