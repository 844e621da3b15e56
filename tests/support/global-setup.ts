import type { TestProject } from 'vitest/node';
import { startGatewayProcess } from '../../infra/local/gateway-process.js';
import { startStandIns } from '../../infra/local/stand-ins.js';
import { TEST_ADDRESS_HASH_KEY } from './fingerprints.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The gateway's environment: the functions' settings, endpoints of the real local servers, DATA_DIR. */
    functionEnv: Record<string, string>;
    gatewayUrl: string;
    sesUrl: string;
  }
}

/**
 * Starts real DynamoDB Local (in memory) and aws-ses-v2-local on free ports, creates the
 * table, and runs the local gateway in its own process, once for all integration tests.
 */
export default async function setup(project: TestProject) {
  const standIns = await startStandIns({
    tableName: 'mentoring-intake-test',
    env: { ALLOWED_ORIGINS: 'https://www.ladocs.org', POWERTOOLS_LOG_LEVEL: 'INFO' },
  });
  // This gateway also reads the table's stream and sends the emails, as Lambda would.
  // A key the tests know, so they can compute the keys the functions store.
  const functionEnv = { ...standIns.functionEnv, ADDRESS_HASH_KEY: TEST_ADDRESS_HASH_KEY };
  const gateway = await startGatewayProcess({ ...functionEnv, EMAIL_STREAM: 'on' });

  project.provide('functionEnv', functionEnv);
  project.provide('gatewayUrl', gateway.url);
  project.provide('sesUrl', standIns.sesUrl);

  return async () => {
    await gateway.stop();
    await standIns.stop();
  };
}
