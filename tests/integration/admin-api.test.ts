import { BatchWriteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import {
  applicationItem,
  emailItem,
  itemKeys,
} from '../../shared/applications/store/application-item.js';
import type { Submission } from '../../shared/applications/submission.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { parseCsv } from '../support/csv.js';
import { testFingerprints } from '../support/fingerprints.js';
import { postJson, readJson, readReceipt } from '../support/http.js';
import {
  eventually,
  storedApplication,
  storedEmail,
  table,
  waitForEmails,
} from '../support/local-aws.js';
import {
  staffToken,
  tamperedToken,
  tokenFromAnotherKey,
  tokenWithClaims,
  unsignedToken,
} from '../support/staff-tokens.js';

interface Page {
  items: Submission[];
  nextCursor: string | null;
}

function admin(path: string, token: string | undefined, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${inject('gatewayUrl')}${path}`, { ...init, headers });
}

/**
 * Erases as an admin would: an email being sent right then answers 409 with Retry-After,
 * and the admin tries again (the stream-driven sender works just after each submission).
 */
async function erase(id: string | undefined): Promise<Response> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await admin(`/admin/submissions/${id}`, admins, { method: 'DELETE' });
    if (response.status !== 409 || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function submitMentor(overrides: Record<string, unknown> = {}) {
  return readReceipt(await postJson('/applications/mentor', aMentorApplication(overrides)));
}

/** Stores submissions straight into the table, dated in a year no other test uses. */
async function seed(year: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  const items = Array.from({ length: count }, (_, index) => {
    const id = ulid(Date.UTC(year, 0, 1, 0, 0, index));
    ids.push(id);
    const submission: Submission = {
      id,
      reference: `LM-SEED-${index}`,
      type: 'mentee',
      status: 'received',
      createdAt: new Date(Date.UTC(year, 0, 1, 0, 0, index)).toISOString(),
      application: menteeApplicationSchema.parse(aMenteeApplication()),
      confirmation: { state: 'sent', attempts: 1 },
      version: 1,
    };
    return applicationItem(submission);
  });
  for (let start = 0; start < items.length; start += 25) {
    await table.client.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.name]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  return ids;
}

let staff: string;
let admins: string;

beforeAll(async () => {
  staff = await staffToken(['staff']);
  admins = await staffToken(['admins'], 'admin-sub-1');
});

describe('admin authentication (the local gateway does what API Gateway’s JWT authorizer does)', () => {
  it('answers 401 without a token, before the function runs', async () => {
    const response = await admin('/admin/submissions', undefined);

    expect(response.status).toBe(401);
    expect(await readJson(response)).toEqual({ message: 'Unauthorized' });
  });

  it.each([
    ['garbage', async () => 'not-a-jwt'],
    ['an expired token', async () => tokenWithClaims({ exp: Math.floor(Date.now() / 1000) - 60 })],
    [
      'a wrong issuer',
      async () => tokenWithClaims({ iss: 'https://cognito-idp.us-west-2.amazonaws.com/other' }),
    ],
    ['a wrong audience', async () => tokenWithClaims({ aud: 'another-client' })],
    ['alg: none', async () => unsignedToken()],
    ['tampered claims', tamperedToken],
    ['a token signed by another key', tokenFromAnotherKey],
  ])('answers 401 for %s', async (_label, makeToken) => {
    const response = await admin('/admin/submissions', await makeToken());

    expect(response.status).toBe(401);
  });

  it('accepts an access token, which names its client in client_id instead of aud', async () => {
    const token = await tokenWithClaims({
      aud: undefined,
      client_id: 'local-admin-client',
      token_use: 'access',
    });

    expect((await admin('/admin/submissions?limit=1', token)).status).toBe(200);
  });

  it.each([
    ['no exp', { exp: undefined }],
    ['no iat', { iat: undefined }],
    ['an iat in the future', { iat: Math.floor(Date.now() / 1000) + 300 }],
    ['an nbf in the future', { nbf: Math.floor(Date.now() / 1000) + 300 }],
  ])(
    'answers 401 for a token with %s, as API Gateway checks time claims',
    async (_label, claims) => {
      const response = await admin('/admin/submissions', await tokenWithClaims(claims));

      expect(response.status).toBe(401);
    },
  );

  it('reads groups exactly as API Gateway passes them: one group named "staff,admins" is neither', async () => {
    const oneOddGroup = await tokenWithClaims({ 'cognito:groups': ['staff,admins'] });
    const bothGroups = await tokenWithClaims({ 'cognito:groups': ['staff', 'admins'] });

    expect((await admin('/admin/submissions', oneOddGroup)).status).toBe(403);
    expect(
      (await admin('/admin/submissions/export.csv?from=2001-01-01&to=2001-01-02', bothGroups))
        .status,
    ).toBe(200);
  });

  it('answers 403 to a valid token without a staff group', async () => {
    const response = await admin('/admin/submissions', await staffToken([]));

    expect(response.status).toBe(403);
    expect(await readJson(response)).toMatchObject({ error: 'forbidden' });
  });

  it('does not let staff export or erase; admins may', async () => {
    const { id } = await submitMentor();

    expect((await admin('/admin/submissions/export.csv', staff)).status).toBe(403);
    expect((await admin(`/admin/submissions/${id}`, staff, { method: 'DELETE' })).status).toBe(403);
    expect(
      (await admin('/admin/submissions/export.csv?from=2001-01-01&to=2001-01-02', admins)).status,
    ).toBe(200);
  });
});

describe('GET /admin/submissions', () => {
  it('lists the applications just submitted, newest first, with filters', async () => {
    const from = new Date().toISOString();
    const first = await submitMentor();
    const second = await readReceipt(await postJson('/applications/mentee', aMenteeApplication()));

    const all = await readJson<Page>(
      await admin(`/admin/submissions?from=${from}&limit=100`, staff),
    );
    const mentees = await readJson<Page>(
      await admin(`/admin/submissions?from=${from}&type=mentee&limit=100`, staff),
    );

    const ids = all.items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(mentees.items.map((item) => item.type)).not.toContain('mentor');
    expect(mentees.items.map((item) => item.id)).toContain(second.id);
    expect(all.items.find((item) => item.id === first.id)).toMatchObject({
      reference: first.reference,
      status: 'received',
      version: 1,
      application: expect.objectContaining({ capacity: 2 }),
    });
    expect(all.items[0]).not.toHaveProperty('pk');
  });

  it('pages through every item exactly once, newest first, ending with a null cursor', async () => {
    const seeded = await seed(2002, 7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/admin/submissions?from=2002-01-01&to=2002-12-31&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page = await readJson<Page>(await admin(query, staff));
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toEqual([...seeded].reverse());
  });

  it('refuses a bad filter, limit or cursor with 400', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'status=lost',
      'from=yesterday',
      'from=March%207',
      'from=%27%20OR%201%3D1',
      'from=2026-02-30',
      'to=2026-03-20T10%3A00',
      'colour=red',
      'cursor=abc',
    ]) {
      const response = await admin(`/admin/submissions?${query}`, staff);
      expect(response.status, query).toBe(400);
    }
    const loose = await readJson<{ issues: Array<{ message: string }> }>(
      await admin('/admin/submissions?from=March%207', staff),
    );
    expect(loose.issues[0]?.message).toBe(
      'from must be a date like 2026-03-20 or an ISO 8601 time like 2026-03-20T17:00:00Z.',
    );
    // Said to whoever calls the staff API, not in the application form's words.
    expect(await readJson(await admin('/admin/submissions?status=lost&colour=red', staff))).toEqual(
      {
        error: 'validation_failed',
        message: 'The request has 2 problems; correct them and send the request again.',
        issues: [
          {
            path: 'status',
            message:
              'status must be one of: received, under_review, matched, waitlisted, declined, withdrawn, completed.',
          },
          { path: 'colour', message: 'colour is not a parameter of this request; remove it.' },
        ],
      },
    );
  });

  it('answers 400, not 500, when from is after to, for the list and the export', async () => {
    for (const [path, token] of [
      ['/admin/submissions', staff],
      ['/admin/submissions/export.csv', admins],
    ] as const) {
      const response = await admin(`${path}?from=2026-03-08&to=2026-03-07`, token);

      expect(response.status, path).toBe(400);
      expect(await readJson(response)).toMatchObject({
        issues: [{ path: 'from', message: 'from must not be after to.' }],
      });
    }
  });
});

describe('GET /admin/submissions?q= (search)', () => {
  // Letters only (names refuse digits), unique to this run.
  const unique = () =>
    Array.from({ length: 6 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join(
      '',
    );
  const search = async (q: string, token = staff, extra = '') => {
    const response = await admin(`/admin/submissions?q=${encodeURIComponent(q)}${extra}`, token);
    expect(response.status).toBe(200);
    const page = await readJson<Page>(response);
    expect(page.nextCursor).toBeNull();
    return page.items.map((item) => item.reference);
  };

  it('finds an application by its reference in any case, by its address exactly, and by the start of either name, accents and case aside', async () => {
    const suffix = unique();
    const email = uniqueEmail('search');
    const mentor = await submitMentor({ email, firstName: 'Zoë', lastName: `Núñez${suffix}` });
    const mentee = readReceipt(
      await postJson(
        '/applications/mentee',
        aMenteeApplication({ email, firstName: 'José', lastName: `Núñez${suffix}` }),
      ),
    );
    const menteeReference = (await mentee).reference;

    expect(await search(mentor.reference.toLowerCase())).toEqual([mentor.reference]);
    // One address, both roles, newest first.
    expect(await search(email.toUpperCase())).toEqual([menteeReference, mentor.reference]);
    expect(await search(`other-${email}`)).toEqual([]);
    expect(await search(`NUNEZ${suffix.slice(0, 3)}`)).toEqual([menteeReference, mentor.reference]);
    expect(await search(`zoe nunez${suffix}`)).toEqual([mentor.reference]);
    expect(await search(`nunez${suffix} jo`)).toEqual([menteeReference]);
    expect(await search(`nunez${suffix}x`)).toEqual([]);
  });

  it('applies the other filters to what it finds, and the limit', async () => {
    const suffix = unique();
    const first = await submitMentor({ lastName: `Okafor${suffix}` });
    const second = await submitMentor({ lastName: `Okafor${suffix}` });

    expect(await search(`okafor${suffix}`, staff, '&type=mentee')).toEqual([]);
    expect(await search(`okafor${suffix}`, staff, '&type=mentor&status=received')).toEqual([
      second.reference,
      first.reference,
    ]);
    expect(await search(`okafor${suffix}`, staff, '&limit=1')).toEqual([second.reference]);
  });

  it('writes two name entries with each application, in its partition, holding folded names only', async () => {
    const suffix = unique();
    const receipt = await submitMentor({ firstName: 'Ana', lastName: `Ruíz${suffix}` });

    const entries = await Promise.all(
      ['NAME#first-last', 'NAME#last-first'].map(async (sk) => {
        const { Item } = await table.client.send(
          new GetCommand({
            TableName: table.name,
            Key: { pk: `APPLICATION#${receipt.id}`, sk },
          }),
        );
        return Item;
      }),
    );
    expect(entries).toEqual([
      expect.objectContaining({ nameKey: `ana ruiz${suffix}#${receipt.id}`, nameListKey: 'NAME' }),
      expect.objectContaining({ nameKey: `ruiz${suffix} ana#${receipt.id}`, nameListKey: 'NAME' }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('@');
  });

  it('finds an erased application no more, by any of the three', async () => {
    const suffix = unique();
    const email = uniqueEmail('erased-search');
    const receipt = await submitMentor({ email, lastName: `Vance${suffix}` });
    expect(await search(`vance${suffix}`)).toEqual([receipt.reference]);

    expect((await erase(receipt.id)).status).toBe(204);

    expect(await search(receipt.reference)).toEqual([]);
    expect(await search(email)).toEqual([]);
    expect(await search(`vance${suffix}`)).toEqual([]);
    const { Items = [] } = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `APPLICATION#${receipt.id}` },
      }),
    );
    expect(Items.map((item) => item.sk)).toEqual(['APPLICATION']);
  });

  it('refuses an empty, accents-only or overlong search, and a search with a cursor, with 400 naming the field; 403 without a staff group', async () => {
    for (const [query, field] of [
      ['q=%20%20', 'q'],
      // Combining acute and diaeresis alone: nothing left once accents are folded away.
      ['q=%CC%81%CC%88', 'q'],
      [`q=${'a'.repeat(101)}`, 'q'],
      ['q=ana&cursor=abc', 'cursor'],
    ]) {
      const response = await admin(`/admin/submissions?${query}`, staff);
      expect(response.status).toBe(400);
      const body = await readJson<{ issues: { path: string }[] }>(response);
      expect(body.issues.map((issue) => issue.path)).toContain(field);
    }
    const outsider = await staffToken([]);
    expect((await admin('/admin/submissions?q=ana', outsider)).status).toBe(403);
  });
});

describe('GET and PATCH /admin/submissions/{id}', () => {
  it('answers 400 for a path that is not valid percent-encoding, and 404 for anything that is not an id', async () => {
    expect((await admin('/admin/submissions/%E0%A4%A', staff)).status).toBe(400);
    for (const id of ['x'.repeat(3000), '01UNKNOWN', '%F0%9F%98%80', 'seed2002000001']) {
      const response = await admin(`/admin/submissions/${id}`, staff);
      expect(response.status, id.slice(0, 20)).toBe(404);
      expect(await readJson(response)).toMatchObject({ error: 'not_found' });
    }
    const erase = await admin(`/admin/submissions/${'7'.repeat(3000)}`, admins, {
      method: 'DELETE',
    });
    expect(erase.status).toBe(404);
  });

  it('reads a request without a body as having none, whatever its Content-Type says', async () => {
    const { id } = await submitMentor();
    const json = { 'content-type': 'application/json' };

    expect((await admin('/admin/submissions?limit=1', staff, { headers: json })).status).toBe(200);
    expect((await admin(`/admin/submissions/${id}`, staff, { headers: json })).status).toBe(200);
  });

  it('reads a media type in any case: Application/Json is JSON', async () => {
    const created = await postJson('/applications/mentor', aMentorApplication(), {
      'content-type': 'Application/JSON; Charset=UTF-8',
    });
    const { id } = await readReceipt(created);

    const changed = await admin(`/admin/submissions/${id}`, staff, {
      method: 'PATCH',
      headers: { 'content-type': 'Application/Json', 'if-match': '"1"' },
      body: JSON.stringify({ notes: 'Case-insensitive media types' }),
    });

    expect(created.status).toBe(201);
    expect(changed.status).toBe(200);
    expect(await readJson(changed)).toMatchObject({ notes: 'Case-insensitive media types' });
  });

  it('answers 404 for an unknown id', async () => {
    expect((await admin('/admin/submissions/01JZZZZZZZZZZZZZZZZZZZZZZZ', staff)).status).toBe(404);
  });

  it('moves an application through review with If-Match, recording who changed what', async () => {
    const { id } = await submitMentor();
    const read = await admin(`/admin/submissions/${id}`, staff);
    expect(read.headers.get('etag')).toBe('"1"');

    const response = await admin(`/admin/submissions/${id}`, staff, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ status: 'under_review', notes: 'Call on Tuesday' }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    const updated = await readJson<Submission>(response);
    expect(updated).toMatchObject({ status: 'under_review', notes: 'Call on Tuesday', version: 2 });
    expect(updated.history).toEqual([
      {
        at: expect.any(String),
        by: { sub: 'staff-sub-1', email: 'staff-sub-1@ladocs.example' },
        changes: { status: { from: 'received', to: 'under_review' }, notes: 'changed' },
      },
    ]);
    const reread = await readJson<Submission>(await admin(`/admin/submissions/${id}`, staff));
    expect(reread.history).toHaveLength(1);
  });

  it('refuses a move the workflow does not allow, a stale version, a missing If-Match and other fields', async () => {
    const { id } = await submitMentor();
    const patch = (body: unknown, headers: Record<string, string>) =>
      admin(`/admin/submissions/${id}`, staff, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    const illegal = await patch({ status: 'matched' }, { 'if-match': '"1"' });
    const stale = await patch({ status: 'under_review' }, { 'if-match': '"7"' });
    const unconditional = await patch({ status: 'under_review' }, {});
    const otherField = await patch(
      { status: 'under_review', application: { email: 'x@y.org' } },
      { 'if-match': '1' },
    );

    expect(illegal.status).toBe(400);
    expect(await readJson(illegal)).toMatchObject({ error: 'transition_not_allowed' });
    expect(stale.status).toBe(409);
    expect(unconditional.status).toBe(428);
    expect(otherField.status).toBe(400);
    expect(await readJson(otherField)).toEqual({
      error: 'validation_failed',
      message: 'The request has 1 problem; correct it and send the request again.',
      issues: [
        {
          path: 'application',
          message: 'application is not a parameter of this request; remove it.',
        },
      ],
    });
  });

  it('schedules a declined application for deletion by TTL, and cancels it when reconsidered', async () => {
    const { id } = await submitMentor();
    const patch = (status: string, version: number) =>
      admin(`/admin/submissions/${id}`, staff, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
        body: JSON.stringify({ status }),
      });

    const declined = await readJson<Submission>(await patch('declined', 1));
    const expiresAt = Number((await storedApplication(id))?.expiresAt);
    const reconsidered = await readJson<Submission>(await patch('under_review', 2));

    const yearFromNow = Date.now() / 1000 + 365 * 86_400;
    expect(Math.abs(expiresAt - yearFromNow)).toBeLessThan(120);
    expect(declined.deleteAfter).toBe(new Date(expiresAt * 1000).toISOString());
    expect(reconsidered.deleteAfter).toBeUndefined();
    expect(await storedApplication(id)).not.toHaveProperty('expiresAt');
  });

  it('lets exactly one of two concurrent changes to the same version win', async () => {
    const { id } = await submitMentor();
    const patch = (status: string) =>
      admin(`/admin/submissions/${id}`, staff, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ status }),
      });

    const statuses = (await Promise.all([patch('under_review'), patch('declined')])).map(
      (r) => r.status,
    );

    expect(statuses.sort()).toEqual([200, 409]);
    const final = await readJson<Submission>(await admin(`/admin/submissions/${id}`, staff));
    expect(final.version).toBe(2);
    expect(final.history).toHaveLength(1);
  });
});

describe('DELETE /admin/submissions/{id}', () => {
  it('erases every personal value, keeps a tombstone, and frees the duplicate guard', async () => {
    const email = uniqueEmail('erase-me');
    const application = aMentorApplication({
      email,
      firstName: 'Erasablefirst',
      lastName: 'Erasablelast',
      phone: '+1 (213) 555-0199',
      institution: 'Erasable Institute',
      statement: 'Erasable statement text',
    });
    const first = await readReceipt(await postJson('/applications/mentor', application));

    const response = await erase(first.id);

    expect(response.status).toBe(204);
    const { Items = [] } = await table.client.send(
      new ScanCommand({ TableName: table.name, ConsistentRead: true }),
    );
    const everything = JSON.stringify(Items);
    for (const personal of [
      email,
      'Erasablefirst',
      'Erasablelast',
      '555-0199',
      'Erasable Institute',
      'Erasable statement',
      first.reference,
    ]) {
      expect(everything).not.toContain(personal);
    }
    const tombstone = await readJson(await admin(`/admin/submissions/${first.id}`, staff));
    expect(tombstone).toEqual({
      id: first.id,
      type: 'mentor',
      createdAt: first.receivedAt,
      status: 'erased',
      erasedAt: expect.any(String),
      erasedBy: { sub: 'admin-sub-1', email: 'admin-sub-1@ladocs.example' },
    });
    const listed = await readJson<Page>(
      await admin(`/admin/submissions?from=${first.receivedAt}&limit=100`, staff),
    );
    expect(listed.items.map((item) => item.id)).not.toContain(first.id);

    const again = await readReceipt(await postJson('/applications/mentor', application));
    expect(again.id).not.toBe(first.id);
    expect((await erase(first.id)).status).toBe(204);
  });

  it('gives back no email budget: after erasing one of three, the address still gets no more than three that day', async () => {
    const email = uniqueEmail('budget');
    const firstThree = [];
    for (const capacity of [1, 2, 3]) firstThree.push(await submitMentor({ email, capacity }));
    await waitForEmails(email, 3);

    const erased = await erase(firstThree[0]?.id);
    const later = [];
    for (const capacity of [4, 5]) later.push(await submitMentor({ email, capacity }));

    expect(erased.status).toBe(204);
    expect(await waitForEmails(email, 3)).toHaveLength(3);
    for (const receipt of later) {
      const confirmation = await eventually(
        () => storedEmail(receipt.id),
        (item) => item?.state !== 'pending',
      );
      expect(confirmation).toMatchObject({ state: 'suppressed', suppressedBecause: 'daily_limit' });
    }
  });

  it('keeps the other applications of the person linked, and drops the person’s guard with the last one', async () => {
    const email = uniqueEmail('linked');
    const [first, second, third] = [
      await submitMentor({ email, capacity: 1 }),
      await submitMentor({ email, capacity: 2 }),
      await submitMentor({ email, capacity: 3 }),
    ];
    const view = async (id = '') =>
      readJson<{ duplicateOf?: string }>(await admin(`/admin/submissions/${id}`, staff));
    expect(await view(third?.id)).toMatchObject({ duplicateOf: first?.id });

    await erase(first?.id);

    expect(await view(second?.id)).not.toHaveProperty('duplicateOf');
    expect(await view(third?.id)).toMatchObject({ duplicateOf: second?.id });
    const guardKey = itemKeys.applicant(await testFingerprints.applicantKey('mentor', email));
    const guard = async () =>
      (
        await table.client.send(
          new GetCommand({ TableName: table.name, Key: guardKey, ConsistentRead: true }),
        )
      ).Item;
    expect(await guard()).toBeDefined();
    await erase(second?.id);
    await erase(third?.id);
    expect(await guard()).toBeUndefined();
  });

  it('answers 409 with Retry-After while an email to the applicant is being sent', async () => {
    const [id] = await seed(2011, 1);
    // A sender holds its confirmation: claimed, being sent.
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: emailItem({
          applicationId: id ?? '',
          kind: 'confirmation',
          state: 'pending',
          attempts: 0,
          // Claimed just now: a 30-second lease, which a send clears within about a second.
          leaseUntil: new Date(Date.now() + 30_000).toISOString(),
        }),
      }),
    );

    const response = await admin(`/admin/submissions/${id}`, admins, { method: 'DELETE' });

    expect(response.status).toBe(409);
    // Try again when the send is likely done, not when the lease would run out.
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect(await readJson(response)).toMatchObject({ error: 'email_in_progress' });
    expect(await storedApplication(id ?? '')).toMatchObject({ status: 'received' });
  });

  it('answers 404 for an unknown id', async () => {
    expect((await admin('/admin/submissions/01UNKNOWN', admins, { method: 'DELETE' })).status).toBe(
      404,
    );
  });
});

describe('GET /admin/submissions/export.csv', () => {
  it('exports RFC 4180 CSV with a BOM and header, surviving quotes, commas, newlines and formula prefixes', async () => {
    const from = new Date().toISOString();
    const { id } = await submitMentor({
      lastName: 'O’Neil-Smith',
      institution: '=cmd|calc, "Harbor"',
      statement: '+Line one, with "quotes"\nLine two\n-minus',
      phone: '-1 (213) 555-0100',
      languages: ['english', 'spanish'],
    });

    const response = await admin(`/admin/submissions/export.csv?type=mentor&from=${from}`, admins);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="mentoring-applications-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    expect(header?.slice(0, 6)).toEqual([
      'Reference',
      'Role',
      'Status',
      'Received',
      'First name',
      'Last name',
    ]);
    const row = rows.find((cells) => cells.at(-1) === id);
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(cell('Last name')).toBe('O’Neil-Smith');
    expect(cell('Institution or practice name')).toBe('\'=cmd|calc, "Harbor"');
    expect(cell('Short statement')).toBe('\'+Line one, with "quotes"\nLine two\n-minus');
    expect(cell('Phone number')).toBe("'-1 (213) 555-0100");
    expect(cell('Languages you speak')).toBe('English; Spanish');
    expect(cell('Specialty')).toBe('Emergency medicine');
    expect(row).toHaveLength(header?.length ?? 0);
  });

  it('pages through thousands of matching items', async () => {
    const seeded = await seed(2001, 1500);

    const response = await admin(
      '/admin/submissions/export.csv?from=2001-01-01&to=2001-12-31',
      admins,
    );

    const [, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((cells) => cells.at(-1)))).toEqual(new Set(seeded));
  });
});
