import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import type { LetterCandidate, LetterIssueReport } from '../../shared/recognition/issue-letters.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { completeTheCycle } from '../support/completed-mentor.js';
import { dynamoDbClient, startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually, waitForEmails } from '../support/local-aws.js';
import { adminCaller, authorizedFetch } from '../support/matched-pair.js';
import { pdfText } from '../support/pdf-text.js';

// A gateway and table of their own, the stream driving the sender: each letter's email goes
// through the outbox, as raw MIME with its PDF, into aws-ses-v2-local's inbox.
let gateway: GatewayProcess;
let tableName: string;
let admins: string;
let staff: string;
const documents = () => documentClientOver(dynamoDbClient());

beforeAll(async () => {
  let dataDir: string;
  ({ gateway, tableName, admins, dataDir } = await startGatewayWithAdmin('letters'));
  staff = await mintLocalToken(await loadOrCreateIssuer(dataDir), {
    sub: 'sam',
    email: 'sam@ladocs.example',
    groups: ['staff'],
  });
}, 60_000);
afterAll(() => gateway?.stop());

const admin = (path: string, method = 'GET', body?: unknown) =>
  adminCaller(gateway.url, admins)(path, method, body);
const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  authorizedFetch(gateway.url, admins)(path, init);

async function apply(type: 'mentor' | 'mentee', application: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/applications/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The items of a mentor's partition whose sort key starts with `prefix`. */
async function itemsOf(mentorId: string, prefix: string) {
  const { Items = [] } = await documents().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `APPLICATION#${mentorId}`, ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return Items;
}

const lettersTo = async (address: string) =>
  (await emailsTo(address)).filter((email) => email.subject.includes('letter of recognition'));

describe('letters of recognition, on DynamoDB Local and the local inbox', () => {
  let cycle: Cycle;
  const jose = { email: uniqueEmail('letter-jose'), id: '' };
  const wendy = { email: uniqueEmail('letter-wendy'), id: '' };
  const still = { email: uniqueEmail('letter-still-matched'), id: '' };
  let menteeId: string;

  beforeAll(async () => {
    const hours = (offset: number) =>
      toLosAngelesWallTime(new Date(Date.now() + offset * 3_600_000).toISOString());
    cycle = (await admin('/admin/cycles', 'POST', {
      name: '2026 Mentoring Program',
      opensAt: hours(-1),
      closesAt: hours(2),
    })) as Cycle;
    jose.id = await apply(
      'mentor',
      aMentorApplication({
        email: jose.email,
        firstName: 'José',
        lastName: 'Núñez',
        credential: 'MD',
      }),
    );
    wendy.id = await apply(
      'mentor',
      aMentorApplication({ email: wendy.email, firstName: 'Wendy', lastName: 'Coates' }),
    );
    still.id = await apply('mentor', aMentorApplication({ email: still.email }));
    menteeId = await apply('mentee', aMenteeApplication({ email: uniqueEmail('letter-mentee') }));
    for (const { email } of [jose, wendy, still]) await waitForEmails(email, 1);
    // José saw two mentees through (the first reported 2, then 5 meetings; the second 3)
    // and asked for his letter by email; Wendy saw one through, reported no meeting and
    // did not answer the evaluation.
    await completeTheCycle(documents(), tableName, jose.id, {
      matches: [{ menteeId, meetings: [2, 5] }, { meetings: [3] }],
      letterByEmail: true,
    });
    await completeTheCycle(documents(), tableName, wendy.id, { matches: [{ meetings: [] }] });
  }, 60_000);

  it('lists the cycle’s completed mentors with the facts a letter would state and their consent', async () => {
    const listing = (await admin(`/admin/cycles/${cycle.id}/letters`)) as {
      mentors: LetterCandidate[];
    };

    expect(listing.mentors).toEqual([
      expect.objectContaining({
        mentorId: jose.id,
        name: 'José Núñez, MD',
        facts: { mentees: 2, meetings: 8 },
        consentsToEmail: true,
        letter: null,
        email: null,
      }),
      expect.objectContaining({
        mentorId: wendy.id,
        name: 'Wendy Coates, MD',
        facts: { mentees: 1, meetings: 0 },
        consentsToEmail: false,
      }),
    ]);
  });

  it('is for admins only, and for a cycle that exists', async () => {
    expect((await call(`/admin/cycles/${cycle.id}/letters`, { token: staff })).status).toBe(403);
    expect((await call('/admin/cycles/no-such-cycle/letters')).status).toBe(404);
  });

  it('refuses a request naming no mentor, or one twice, by field, and writes nothing', async () => {
    for (const body of [{ mentorIds: [] }, { mentorIds: [jose.id, jose.id] }, { ids: [jose.id] }]) {
      const refused = await call(`/admin/cycles/${cycle.id}/letters`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      const problem = (await refused.json()) as { issues: Array<{ path: string }> };
      expect(problem.issues.map((issue) => issue.path).join(' ')).toMatch(/mentorIds|ids/);
    }
    expect(await itemsOf(jose.id, 'LETTER#')).toEqual([]);
  });

  it('issues each completed mentor one letter, emails it with its PDF only with consent, however often asked', async () => {
    const notAnApplication = '01J0ABCDEFGHJKMNPQRSTVWXYZ';
    const ask = () =>
      admin(`/admin/cycles/${cycle.id}/letters`, 'POST', {
        mentorIds: [jose.id, wendy.id, still.id, menteeId, notAnApplication],
      }) as Promise<LetterIssueReport>;

    const first = await ask();
    const second = await ask();

    expect(first.results).toEqual([
      { id: jose.id, outcome: 'issued', emailed: true },
      { id: wendy.id, outcome: 'issued', emailed: false },
      expect.objectContaining({ id: still.id, outcome: 'not_eligible', reason: 'not_completed' }),
      expect.objectContaining({ id: menteeId, outcome: 'not_eligible', reason: 'not_a_mentor' }),
      { id: notAnApplication, outcome: 'not_found' },
    ]);
    expect(second.results.slice(0, 2)).toEqual([
      { id: jose.id, outcome: 'already_issued', emailed: true },
      { id: wendy.id, outcome: 'already_issued', emailed: false },
    ]);
    const [letter, ...more] = await itemsOf(jose.id, 'LETTER#');
    expect(more).toEqual([]);
    expect(letter).toMatchObject({
      sk: `LETTER#${cycle.id}`,
      mentorName: 'José Núñez, MD',
      cycleName: '2026 Mentoring Program',
      mentees: 2,
      meetings: 8,
      issuedBy: 'ada@ladocs.example',
    });
    expect(await itemsOf(still.id, 'LETTER#')).toEqual([]);
    expect(await itemsOf(menteeId, 'LETTER#')).toEqual([]);
    expect(await itemsOf(wendy.id, `EMAIL#recognitionLetter`)).toEqual([]);

    const [email, ...others] = await eventually(
      () => lettersTo(jose.email),
      (emails) => emails.length > 0,
    );
    // A moment more: a second email would show by now.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([email, ...others]).toHaveLength(1);
    expect(await lettersTo(jose.email)).toHaveLength(1);
    expect(await lettersTo(wendy.email)).toEqual([]);
    expect(email?.subject).toBe(
      'LACMA Mentoring Program: your letter of recognition for the 2026 Mentoring Program',
    );
    expect(email?.body.text).toContain('Dear José,');
    expect(email?.body.html).toContain('mentored 2 mentees through the cycle');
    const [attachment] = email?.attachments ?? [];
    expect(attachment).toMatchObject({
      contentType: 'application/pdf',
      filename: 'letter-of-recognition-jose-nunez-md-2026-mentoring-program.pdf',
    });
    const { text } = await pdfText(Buffer.from(attachment?.content ?? '', 'base64'));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('José Núñez, MD');
    expect(flat).toContain('for mentoring in the 2026 Mentoring Program.');
    expect(flat).toContain('mentored 2 mentees through the cycle and reported 8 meetings');
  });

  it('downloads the letter as issued, a PDF whose text has the name, cycle and counts', async () => {
    const response = await call(`/admin/cycles/${cycle.id}/letters/${wendy.id}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="letter-of-recognition-wendy-coates-md-2026-mentoring-program.pdf"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { text } = await pdfText(new Uint8Array(await response.arrayBuffer()));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Wendy Coates, MD');
    expect(flat).toContain('2026 Mentoring Program');
    // No meeting reported: the letter says what she did, not that she never met.
    expect(flat).toContain('Wendy Coates, MD mentored 1 mentee through the cycle.');
    expect(flat).not.toContain('meeting');

    const notIssued = await call(`/admin/cycles/${cycle.id}/letters/${still.id}`);
    expect(notIssued.status).toBe(404);
    expect(await notIssued.json()).toMatchObject({ error: 'letter_not_issued' });
  });

  it('shows each letter and its email in the list once issued', async () => {
    const listing = (await admin(`/admin/cycles/${cycle.id}/letters`)) as {
      mentors: LetterCandidate[];
    };
    expect(listing.mentors[0]).toMatchObject({
      mentorId: jose.id,
      letter: { issuedBy: 'ada@ladocs.example', mentees: 2, meetings: 8 },
      email: { state: 'sent' },
    });
    expect(listing.mentors[1]).toMatchObject({ mentorId: wendy.id, email: null });
  });

  it('erases the letter and its email with the mentor', async () => {
    await admin(`/admin/submissions/${jose.id}`, 'DELETE');

    expect(await itemsOf(jose.id, 'LETTER#')).toEqual([]);
    expect(await itemsOf(jose.id, 'EMAIL#recognitionLetter')).toEqual([]);
    expect(await itemsOf(jose.id, 'CHECKIN#')).toEqual([]);
    expect((await call(`/admin/cycles/${cycle.id}/letters/${jose.id}`)).status).toBe(404);
    const listing = (await admin(`/admin/cycles/${cycle.id}/letters`)) as {
      mentors: LetterCandidate[];
    };
    expect(listing.mentors.map((mentor) => mentor.mentorId)).toEqual([wendy.id]);
  });
});
