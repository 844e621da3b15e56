import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { aMentorApplication, asFormBody, uniqueEmail } from '../support/builders.js';
import {
  dynamoDbClient,
  freshTable,
  intakeDependencies,
  startInProcessGateway,
} from '../support/in-process-intake.js';
import { emailsTo } from '../support/local-aws.js';

// Seeded and bounded: the same inputs every run, and never more than this long.
const RUNS = { seed: 20261124, numRuns: 60, interruptAfterTimeLimit: 25_000, endOnFailure: true };
const EVIL_MARKUP = '<x-evil onload=alert(1)>';

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '<',
      '>',
      '&',
      '"',
      "'",
      '\n',
      '\r',
      '\u2028',
      '\u202E',
      '\u0000',
      'a',
      'é',
      '\uD800',
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    '\r\nBcc: victim@example.org',
    'Ana\r\nSubject: spam',
    '\u202Egnp.exe',
    '\uD800\uDC00\uDBFF',
    EVIL_MARKUP,
    `Ana ${EVIL_MARKUP}`,
    '=HYPERLINK("http://x")',
    '__proto__',
    'x'.repeat(5000),
  ),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.anything({ maxDepth: 3, maxKeys: 5 }),
  fc.array(fc.string(), { minLength: 100, maxLength: 2000 }),
  fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}),
);
const fieldNames = [
  ...Object.keys(aMentorApplication()),
  '__proto__',
  'constructor',
  'prototype',
  'isAdmin',
];
const mutations = fc.array(
  fc.record({ field: fc.constantFrom(...fieldNames), value: hostileValue }),
  { maxLength: 3 },
);
const rawBodies = fc.constantFrom(
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `[${'1,'.repeat(20_000)}1]`,
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '"just a string"',
  'null',
);

/** A valid application with a unique address, with some fields replaced by hostile values (own properties, even `__proto__`). */
function mutatedApplication(changes: Array<{ field: string; value: unknown }>, evilName: boolean) {
  const application: Record<string, unknown> = aMentorApplication({
    email: uniqueEmail('fuzz'),
    ...(evilName ? { firstName: `Ana ${EVIL_MARKUP}`, institution: `${EVIL_MARKUP} & "Co"` } : {}),
  });
  for (const { field, value } of changes) {
    Object.defineProperty(application, field, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return application;
}

let tableName: string;
let gateway: Awaited<ReturnType<typeof startInProcessGateway>>;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

async function applicationCount() {
  const { Items = [] } = await DynamoDBDocumentClient.from(dynamoDbClient()).send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'entity = :a',
      ExpressionAttributeValues: { ':a': 'application' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/** The properties every response must have, whatever was sent. */
async function checkResponse(
  response: Response,
  sentEmail: unknown,
  input: unknown,
  countBefore: number,
) {
  expect(response.status).toBeLessThan(500);
  const text = await response.text();
  expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
  const items = await applicationCount();
  if (response.status !== 201) {
    expect(items).toHaveLength(countBefore);
    if (typeof sentEmail === 'string')
      expect(await emailsTo(sentEmail.trim().toLowerCase())).toEqual([]);
    return;
  }
  expect(items).toHaveLength(countBefore + 1);
  const expected = mentorApplicationSchema.parse(input);
  expect(items.find((item) => item.email === expected.email)?.application).toEqual(expected);
  for (const email of await emailsTo(expected.email)) {
    expect(email.body.html ?? '').not.toContain('<x-evil');
    for (const header of [email.subject, ...email.destination.to, ...(email.replyTo ?? [])]) {
      expect(header).not.toMatch(/[\r\n]/);
    }
  }
}

beforeAll(async () => {
  tableName = await freshTable();
  gateway = await startInProcessGateway(
    createSubmitApplicationHandler(intakeDependencies({ tableName })),
  );
});
afterAll(() => gateway.close());

describe('fuzzing POST /applications/mentor', () => {
  it('JSON: never a 5xx; a refusal stores and sends nothing; an acceptance stores exactly the normalised input, escaped in email', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(mutations, fc.boolean(), async (changes, evilName) => {
        const application = mutatedApplication(changes, evilName);
        const before = (await applicationCount()).length;
        const response = await gateway.post(JSON.stringify(application));
        await checkResponse(
          response,
          application.email,
          JSON.parse(JSON.stringify(application)),
          before,
        );
      }),
      RUNS,
    );
  });

  it('urlencoded: the same properties for form posts with hostile keys and values', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        mutations,
        fc.boolean(),
        fc.array(fc.tuple(hostileString, hostileString), { maxLength: 3 }),
        async (changes, evilName, extra) => {
          const application = mutatedApplication(
            changes.filter((c) => typeof c.value === 'string'),
            evilName,
          );
          const form = new URLSearchParams(asFormBody(application));
          for (const [key, value] of extra) form.append(key, value);
          const before = (await applicationCount()).length;
          const response = await fetch(`${gateway.url}/applications/mentor`, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              accept: 'application/json',
            },
            body: form.toString(),
          });
          expect(response.status).toBeLessThan(500);
          if (response.status === 201) {
            const items = await applicationCount();
            expect(items).toHaveLength(before + 1);
          } else {
            expect(await applicationCount()).toHaveLength(before);
          }
        },
      ),
      RUNS,
    );
  });

  it('raw bodies: deep nesting, huge arrays, prototype keys, non-objects are refused cleanly', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(rawBodies, async (body) => {
        const before = (await applicationCount()).length;
        const response = await gateway.post(body);
        expect([400, 413]).toContain(response.status);
        expect(await response.json()).toHaveProperty('error');
        expect(await applicationCount()).toHaveLength(before);
      }),
      { ...RUNS, numRuns: 12 },
    );
  });

  it('leaves every prototype clean', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
