import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { inject } from 'vitest';
import type { SubmitApplicationDependencies } from '../../functions/submit-application/create-handler.js';
import { ensureTable } from '../../infra/local/ensure-table.js';
import { createLocalGateway, type HttpApiHandler } from '../../infra/local/gateway.js';
import { ROUTES } from '../../infra/routes.js';
import type { Environment } from '../../shared/domain/ports.js';
import { systemEnvironment } from '../../shared/domain/system-environment.js';
import { createSesClient, SesMailer } from '../../shared/email/ses-mailer.js';
import { DynamoDbApplicationRepository } from '../../shared/store/application-repository.js';
import { documentClientOver } from '../../shared/store/clients.js';
import { RecordingLog } from './in-memory-ports.js';
import { dynamoDbClient } from './local-aws.js';

export { dynamoDbClient };

const env = () => inject('functionEnv');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** An SES client made as the functions make theirs, on the test's aws-ses-v2-local or another endpoint. */
export function sesClient(endpoint = env().AWS_ENDPOINT_URL_SES) {
  return createSesClient({ endpoint, region: env().AWS_REGION, credentials });
}

/** A table of the test's own, in the shared DynamoDB Local, so its retry runs see only its items. */
export async function freshTable(): Promise<string> {
  const name = `faults-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamoDbClient(), name);
  return name;
}

/** The intake's real adapters, with any of them replaced, and a log that keeps its lines. */
export function intakeDependencies(options: {
  tableName: string;
  dynamoDb?: DynamoDBClient;
  ses?: SESClient;
  environment?: Environment;
}): SubmitApplicationDependencies & { log: RecordingLog } {
  const document = documentClientOver(options.dynamoDb ?? dynamoDbClient());
  return {
    repository: new DynamoDbApplicationRepository(document, options.tableName),
    mailer: new SesMailer(options.ses ?? sesClient(), {
      from: 'LACMA Mentoring Program <mentoring@ladocs.example>',
      replyTo: 'mentoring-staff@ladocs.example',
    }),
    environment: options.environment ?? systemEnvironment,
    log: new RecordingLog(),
    program: {
      programName: 'LACMA Mentoring Program',
      staffEmail: 'mentoring-staff@ladocs.example',
    },
    thankYouUrl: '/thank-you',
    spamDefences: async () => ({}),
    notifyStaff: false,
  };
}

/** The local gateway in this process, serving the intake route with the given handler. */
export async function startInProcessGateway(handler: HttpApiHandler) {
  const server = createLocalGateway({
    routes: ROUTES.filter((route) => route.functionName === 'submit-application'),
    loadHandler: async () => handler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    post: (body: unknown, path = '/applications/mentor') =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
