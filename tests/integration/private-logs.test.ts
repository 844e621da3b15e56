import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.js';
import { type GatewayProcess, startGatewayProcess } from '../../infra/local/gateway-process.js';
import { aMentorApplication, asFormBody } from '../support/builders.js';
import { startGatewayOnOwnTable } from '../support/in-process-intake.js';
import { eventually } from '../support/local-aws.js';
import { staffToken } from '../support/staff-tokens.js';

// Values that must never reach a log line, whatever path a request takes.
const CANARIES = {
  firstName: 'Zyxcanaryfirst',
  lastName: 'Zyxcanarylast',
  email: 'zyxcanarymail@example.org',
  phone: '+1 (213) 555-0123',
  institution: 'Zyxcanary Institute',
  statement: 'Zyxcanary statement text',
};
const canaryApplication = () => aMentorApplication(CANARIES);

let sesDown: GatewayProcess;
let dynamoDbDown: GatewayProcess;
let tableMissing: GatewayProcess;

beforeAll(async () => {
  const env = { ...inject('functionEnv'), POWERTOOLS_LOG_LEVEL: 'DEBUG', AWS_MAX_ATTEMPTS: '1' };
  [sesDown, dynamoDbDown, tableMissing] = await Promise.all([
    // Its own table, whose stream it also sends from: the sender's failure logs are here too.
    startGatewayOnOwnTable({
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      AWS_MAX_ATTEMPTS: '1',
      // The test issuer's key lives there: staff tokens must verify on this gateway too.
      DATA_DIR: inject('functionEnv').DATA_DIR as string,
      AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${await freePort()}`,
    }).then(({ gateway }) => gateway),
    startGatewayProcess({
      ...env,
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${await freePort()}`,
    }),
    startGatewayProcess({ ...env, TABLE_NAME: 'no-such-table' }),
  ]);
});
afterAll(() => Promise.all([sesDown.stop(), dynamoDbDown.stop(), tableMissing.stop()]));

function send(gateway: GatewayProcess, path: string, init: RequestInit) {
  return fetch(`${gateway.url}${path}`, init);
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('logs', () => {
  it('carry no personal value down any error path, and carry the request id', async () => {
    const statuses = [
      (await send(sesDown, '/applications/mentor', json(canaryApplication()))).status,
      (await send(sesDown, '/applications/mentor', json({ ...canaryApplication(), capacity: 99 })))
        .status,
      (await send(sesDown, '/applications/mentor', json(`{"firstName":"${CANARIES.firstName}",`)))
        .status,
      (
        await send(sesDown, '/applications/mentor', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          body: asFormBody({ ...canaryApplication(), consent: false }),
        })
      ).status,
      (
        await send(
          sesDown,
          '/applications/mentor',
          json({ ...canaryApplication(), website: CANARIES.statement }),
        )
      ).status,
      (
        await send(
          sesDown,
          '/applications/mentor',
          json({
            ...canaryApplication(),
            statement: `${CANARIES.statement} ${'x'.repeat(70_000)}`,
          }),
        )
      ).status,
      (
        await send(sesDown, '/applications/mentor', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: CANARIES.email,
        })
      ).status,
      (await send(sesDown, `/thank-you?reference=${CANARIES.firstName}`, {})).status,
      (
        await send(sesDown, `/admin/submissions?cursor=${CANARIES.lastName}`, {
          headers: { authorization: `Bearer ${await staffToken()}` },
        })
      ).status,
      (
        await send(sesDown, '/admin/submissions/x', {
          method: 'PATCH',
          headers: {
            authorization: `Bearer ${await staffToken()}`,
            'if-match': '"1"',
            'content-type': 'application/json',
          },
          body: JSON.stringify({ notes: CANARIES.statement, [CANARIES.lastName]: 1 }),
        })
      ).status,
      (await send(dynamoDbDown, '/applications/mentor', json(canaryApplication()))).status,
      (await send(tableMissing, '/applications/mentor', json(canaryApplication()))).status,
    ];

    expect(statuses).toEqual([201, 400, 400, 400, 201, 413, 415, 200, 400, 400, 503, 500]);
    await eventually(
      async () => sesDown.output(),
      (output) => output.includes('Confirmation not sent; left pending for retry'),
      // The sender's module loads on its first batch; on a busy machine that takes a while.
      15_000,
    );
    const logs = [sesDown, dynamoDbDown, tableMissing]
      .map((gateway) => gateway.output())
      .join('\n');
    for (const canary of [...Object.values(CANARIES), CANARIES.email.toLowerCase(), '555-0123']) {
      expect(logs).not.toContain(canary);
    }
    const lines = logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const warning = lines.find(
      (line) => line.message === 'Confirmation not sent; left pending for retry',
    );
    // Written by the stream-driven sender, which has no API request: its invocation's id.
    expect(warning).toMatchObject({
      level: 'WARN',
      service: 'mentoring-intake',
      function_request_id: expect.any(String),
      cold_start: expect.any(Boolean),
    });
    const refused = lines.find((line) => line.message === 'Unhandled error');
    expect(refused?.correlation_id).toEqual(expect.any(String));
    expect(lines.find((line) => line.message === 'Unhandled error')).toMatchObject({
      errorName: 'ResourceNotFoundException',
    });
  });
});
