import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleConfig } from '../../shared/platform/config.js';
import { readConsoleBuild } from '../../shared/review/console/console-assets.js';
import { CONSOLE_BUILD_FOLDER } from '../../shared/review/console/console-page.js';
import { consoleSettings } from '../../shared/review/console/console-settings.js';
import { createConsoleHandler } from './create-handler.js';

const config = consoleConfig();
// Deployed, the build sits in a folder beside this bundle (the function's afterBundling
// hook puts it there); locally the gateway builds it into DATA_DIR and says where.
const build = readConsoleBuild(
  config.CONSOLE_ASSETS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), CONSOLE_BUILD_FOLDER),
);

/** Lambda entry point for `/console`, its sign-in callback and its assets. */
export const handler = createConsoleHandler({
  ...build,
  settings: consoleSettings({
    authority: config.CONSOLE_OIDC_AUTHORITY,
    clientId: config.CONSOLE_OIDC_CLIENT_ID,
    logoutUrl: config.CONSOLE_LOGOUT_URL,
  }),
});
