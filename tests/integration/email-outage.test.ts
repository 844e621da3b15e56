import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.js';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { aMentorApplication } from '../support/builders.js';
import { readReceipt } from '../support/http.js';
import { startGatewayOnOwnTable } from '../support/in-process-intake.js';
import { emailsTo, eventually, storedEmail } from '../support/local-aws.js';

const gatewayWithBrokenSes = (sesEndpoint: string) =>
  startGatewayOnOwnTable({ AWS_ENDPOINT_URL_SES: sesEndpoint });

async function submitThrough(gateway: GatewayProcess, application: Record<string, unknown>) {
  return fetch(`${gateway.url}/applications/mentor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
}

const attempted = (item: Record<string, unknown> | undefined) => Number(item?.attempts) >= 1;

describe('when SES is unreachable', () => {
  let gateway: GatewayProcess;
  let tableName: string;

  beforeAll(async () => {
    ({ gateway, tableName } = await gatewayWithBrokenSes(`http://127.0.0.1:${await freePort()}`));
  });
  afterAll(() => gateway.stop());

  it('still answers 201; the sender keeps the confirmation pending and logs no personal data', async () => {
    const application = aMentorApplication({ firstName: 'Canaryfirst', lastName: 'Canarylast' });

    const response = await submitThrough(gateway, application);

    expect(response.status).toBe(201);
    const { id } = await readReceipt(response);
    const email = await eventually(() => storedEmail(id, 'confirmation', tableName), attempted);
    expect(email).toMatchObject({ state: 'pending', attempts: 1, emailPending: 'PENDING' });
    expect(email?.lastError).toBeTypeOf('string');
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
  let tableName: string;
  let failingSes: Server;

  beforeAll(async () => {
    failingSes = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/xml' });
      response.end('<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>');
    });
    await new Promise<void>((resolve) => failingSes.listen(0, '127.0.0.1', resolve));
    const { port } = failingSes.address() as AddressInfo;
    ({ gateway, tableName } = await gatewayWithBrokenSes(`http://127.0.0.1:${port}`));
  });
  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => failingSes.close(resolve));
  });

  it('answers 201 and the confirmation stays pending', async () => {
    const response = await submitThrough(gateway, aMentorApplication());

    expect(response.status).toBe(201);
    const { id } = await readReceipt(response);
    const email = await eventually(() => storedEmail(id, 'confirmation', tableName), attempted);
    expect(email).toMatchObject({ state: 'pending', attempts: 1 });
  });
});
