import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { DynamoDbApplicationRepository } from '../../shared/store/application-repository.js';
import { documentClientOver } from '../../shared/store/clients.js';
import { aMentorApplication } from '../support/builders.js';
import {
  dynamoDbClient,
  freshTable,
  intakeDependencies,
  startInProcessGateway,
} from '../support/in-process-intake.js';

// A TCP relay in front of DynamoDB Local that counts the connections made through it, or
// (with no target) accepts them and never answers.
const servers: Server[] = [];
const sockets: Socket[] = [];
async function relay(target?: URL): Promise<{ endpoint: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (!target) return;
    const upstream = connect(Number(target.port), target.hostname);
    sockets.push(upstream);
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, connections: () => connections };
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

describe('the intake’s connection to DynamoDB, opened during init', () => {
  it('is the one connection the first application is saved over', async () => {
    const tableName = await freshTable();
    const dynamoDb = await relay(new URL(inject('functionEnv').AWS_ENDPOINT_URL_DYNAMODB ?? ''));
    const client = dynamoDbClient({ endpoint: dynamoDb.endpoint });
    const repository = new DynamoDbApplicationRepository(documentClientOver(client), tableName);

    await repository.openConnection(2000);
    const openedAtInit = dynamoDb.connections();
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler({ ...intakeDependencies({ tableName }), repository }),
    );
    const response = await gateway.post(aMentorApplication());
    await gateway.close();

    expect(openedAtInit).toBe(1);
    expect(response.status).toBe(201);
    expect(dynamoDb.connections()).toBe(1);
  });

  it('gives up within its bound, without failing, when DynamoDB accepts and never answers', async () => {
    const silent = await relay();
    const repository = new DynamoDbApplicationRepository(
      documentClientOver(dynamoDbClient({ endpoint: silent.endpoint })),
      'applications',
    );

    const started = performance.now();
    await repository.openConnection(300);
    const elapsed = performance.now() - started;

    expect(silent.connections()).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
  });
});
