import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.js';
import { type GatewayProcess, startGatewayProcess } from '../../infra/local/gateway-process.js';
import { aMentorApplication } from '../support/builders.js';
import { readReceipt } from '../support/http.js';
import { emailsTo, storedApplication } from '../support/local-aws.js';

async function submitThrough(gateway: GatewayProcess, application: Record<string, unknown>) {
  return fetch(`${gateway.url}/applications/mentor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
}

describe('when SES is unreachable', () => {
  let gateway: GatewayProcess;

  beforeAll(async () => {
    const closedPort = await freePort();
    gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${closedPort}`,
      AWS_MAX_ATTEMPTS: '1',
    });
  });
  afterAll(() => gateway.stop());

  it('still answers 201, keeps the application with its confirmation pending, and logs no personal data', async () => {
    const application = aMentorApplication({ firstName: 'Canaryfirst', lastName: 'Canarylast' });

    const response = await submitThrough(gateway, application);

    expect(response.status).toBe(201);
    const { id } = await readReceipt(response);
    const item = await storedApplication(id);
    expect(item?.confirmation).toMatchObject({ state: 'pending', attempts: 1 });
    expect(item?.confirmation.lastError).toBeTypeOf('string');
    expect(item?.confirmationPending).toBe('PENDING');
    expect(await emailsTo(application.email)).toEqual([]);
    const logs = gateway.output();
    expect(logs).toContain(id);
    expect(logs).toContain('Confirmation not sent; left pending for retry');
    for (const personal of [application.email, 'Canaryfirst', 'Canarylast', '555-0100']) {
      expect(logs).not.toContain(personal);
    }
  });
});

describe('when SES answers 503', () => {
  let gateway: GatewayProcess;
  let failingSes: Server;

  beforeAll(async () => {
    failingSes = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/xml' });
      response.end('<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>');
    });
    await new Promise<void>((resolve) => failingSes.listen(0, '127.0.0.1', resolve));
    const { port } = failingSes.address() as AddressInfo;
    gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${port}`,
      AWS_MAX_ATTEMPTS: '1',
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => failingSes.close(resolve));
  });

  it('answers 201 and leaves the confirmation pending', async () => {
    const response = await submitThrough(gateway, aMentorApplication());

    expect(response.status).toBe(201);
    const item = await storedApplication((await readReceipt(response)).id);
    expect(item?.confirmation).toMatchObject({ state: 'pending', attempts: 1 });
  });
});
