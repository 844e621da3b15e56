import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import { itemKeys, matchingKeys } from '../../shared/applications/store/application-item.js';
import type { Submission } from '../../shared/applications/submission.js';
import type { MatchingRun } from '../../shared/matching/matching-ports.js';
import { signApplicantLink } from '../../shared/self-service/applicant-link.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { startGatewayOnOwnTable } from '../support/in-process-intake.js';
import { emailsTo, eventually, table, waitForEmails } from '../support/local-aws.js';
import { authorizedFetch } from '../support/matched-pair.js';
import { runsMentioning } from '../support/stored-runs.js';

// A gateway and table of their own: the scan after a deletion reads the whole table, and
// staff notices go to an address only these tests use.
let gateway: GatewayProcess;
let tableName: string;
let dataDir: string;
let admins: string;
const staffAddress = uniqueEmail('program-staff');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'applicant-page-'));
  ({ gateway, tableName } = await startGatewayOnOwnTable({
    DATA_DIR: dataDir,
    STAFF_EMAIL: staffAddress,
    // Everything the functions could log, to check none of it names anyone.
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  }));
  admins = await mintLocalToken(await loadOrCreateIssuer(dataDir), {
    sub: 'ada',
    email: 'ada@ladocs.example',
    groups: ['admins'],
  });
}, 60_000);
afterAll(() => gateway?.stop());

const admin = (path: string, init: RequestInit = {}) =>
  authorizedFetch(gateway.url, admins)(path, init);

const read = async (id: string) =>
  (await (await admin(`/admin/submissions/${id}`)).json()) as Submission;

async function apply(type: 'mentor' | 'mentee', application: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/applications/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; reference: string };
}

/** The link in the confirmation the address received, as the applicant would click it. */
async function linkFromConfirmation(address: string): Promise<string> {
  seen.add(address);
  const [confirmation] = await waitForEmails(address, 1);
  const link = /https?:\/\/\S+\/my-application\?token=\S+/.exec(confirmation?.body.text ?? '')?.[0];
  expect(link).toBeDefined();
  // The HTML part carries the same link, escaped.
  expect(confirmation?.body.html).toContain(`href="${link?.replaceAll('&', '&amp;')}"`);
  return link as string;
}

// Every address, id and token these tests use: none may appear in a log line.
const seen = new Set<string>();
const tokenOf = (link: string) => {
  const token = new URL(link).searchParams.get('token') as string;
  seen.add(token);
  seen.add(token.split('.')[0] as string);
  return token;
};

const post = (action: string, token: string) =>
  fetch(`${gateway.url}/my-application/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });

async function moveToReview(id: string) {
  const moved = await admin(`/admin/submissions/${id}`, {
    method: 'PATCH',
    headers: { 'if-match': '"1"' },
    body: JSON.stringify({ status: 'under_review' }),
  });
  expect(moved.status).toBe(200);
}

/** Both in review, matched by a run an admin approves: the two are `matched`. */
async function matchedPair(mentor: { id: string }, mentee: { id: string }) {
  await moveToReview(mentor.id);
  await moveToReview(mentee.id);
  const run = (await (
    await admin('/admin/matching/runs', {
      method: 'POST',
      body: JSON.stringify({ pinned: [{ mentorId: mentor.id, menteeId: mentee.id }] }),
    })
  ).json()) as MatchingRun;
  const approved = await admin(`/admin/matching/runs/${run.id}/approve`, {
    method: 'POST',
    body: JSON.stringify({ pairs: [{ mentorId: mentor.id, menteeId: mentee.id }] }),
  });
  expect(approved.status).toBe(200);
  expect((await read(mentee.id)).status).toBe('matched');
}

const noticesAbout = async (reference: string) =>
  (await emailsTo(staffAddress)).filter(
    (email) => email.subject.startsWith('Applicant ') && email.subject.includes(reference),
  );

describe("the applicant's own page", () => {
  it("opens from the confirmation's link: reference, role, status in words and every answer, escaped, never cached", async () => {
    const email = uniqueEmail('page');
    const receipt = await apply(
      'mentor',
      aMentorApplication({ email, statement: 'I teach <img src=x onerror=alert(1)> & more.' }),
    );
    const link = await linkFromConfirmation(email);
    expect(link.startsWith(`${gateway.url}/my-application?token=`)).toBe(true);
    // The token names the application by its random id; nothing personal rides in it.
    expect(tokenOf(link)).toMatch(new RegExp(`^${receipt.id}\\.\\d+\\.[\\w-]{43}$`));

    const response = await fetch(link);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toContain('<script');
    expect(html).toContain(receipt.reference);
    expect(html).toContain('<dd>Mentor</dd>');
    expect(html).toContain('Received. Program staff have not started reviewing it yet.');
    expect(html).toContain('Harbor-UCLA Medical Center');
    expect(html).toContain('I teach &lt;img src=x onerror=alert(1)> &amp; more.');
    expect(html).not.toContain('<img');
  });

  it('changes nothing on a GET: the confirmation step is a page, and only its POST withdraws, once', async () => {
    const email = uniqueEmail('withdraw');
    const receipt = await apply('mentee', aMenteeApplication({ email }));
    const token = tokenOf(await linkFromConfirmation(email));

    const step = await fetch(`${gateway.url}/my-application/withdraw?token=${token}`);
    const stepHtml = await step.text();
    expect(step.status).toBe(200);
    expect(stepHtml).toContain('<form method="post" action="/my-application/withdraw">');
    expect(stepHtml).toContain(`name="token" value="${token}"`);
    expect((await read(receipt.id)).status).toBe('received');

    const withdrawn = await post('withdraw', token);
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toBe(`/my-application?token=${token}&done=withdraw`);
    const stored = await read(receipt.id);
    expect(stored.status).toBe('withdrawn');
    expect(stored.deleteAfter).toBeDefined();
    expect(stored.history?.at(-1)).toMatchObject({
      by: { sub: 'applicant' },
      changes: { status: { from: 'received', to: 'withdrawn' } },
    });
    const page = await (
      await fetch(`${gateway.url}/my-application?token=${token}&done=withdraw`)
    ).text();
    expect(page).toContain('Your application is withdrawn. Program staff have been told.');
    expect(page).not.toContain('Withdraw my application');

    const again = await post('withdraw', token);
    expect(again.status).toBe(303);
    expect((await read(receipt.id)).version).toBe(stored.version);
    const notices = await eventually(
      () => noticesAbout(receipt.reference),
      (found) => found.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await noticesAbout(receipt.reference)).toHaveLength(1);
    expect(notices[0]?.subject).toBe(`Applicant withdrew mentee application ${receipt.reference}`);
    // Staff need the reference, not the person: the notice names nobody.
    expect(notices[0]?.body.text).not.toContain(email);
    expect(notices[0]?.body.text).not.toContain('Jordan');
  });

  it("says 'withdrawn' only of an application the applicant withdrew, whatever the address says", async () => {
    const [reviewed, byStaff] = [uniqueEmail('forged-done'), uniqueEmail('staff-withdrew')];
    const inReview = await apply('mentee', aMenteeApplication({ email: reviewed }));
    const withdrawnByStaff = await apply('mentor', aMentorApplication({ email: byStaff }));
    await moveToReview(inReview.id);
    const staffWithdrew = await admin(`/admin/submissions/${withdrawnByStaff.id}`, {
      method: 'PATCH',
      headers: { 'if-match': '"1"' },
      body: JSON.stringify({ status: 'withdrawn' }),
    });
    expect(staffWithdrew.status).toBe(200);

    const pageWithDone = async (address: string) => {
      const token = tokenOf(await linkFromConfirmation(address));
      const response = await fetch(`${gateway.url}/my-application?token=${token}&done=withdraw`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const forged = await pageWithDone(reviewed);
    expect(forged).toContain('Under review. Program staff are reviewing it');
    expect(forged).not.toContain('Your application is withdrawn');
    expect(forged).not.toContain('role="status"');
    // Staff withdrew this one: it is withdrawn, but nobody told staff of an applicant's request.
    const staffs = await pageWithDone(byStaff);
    expect(staffs).toContain('Withdrawn. It will not be reviewed or matched.');
    expect(staffs).not.toContain('Program staff have been told');
  });

  it('ends the match of a matched mentee who withdraws: the mentor is back in review, and staff are told', async () => {
    const menteeEmail = uniqueEmail('matched-mentee');
    const mentor = await apply(
      'mentor',
      aMentorApplication({ capacity: 1, languages: ['english'], meetingPreference: 'either' }),
    );
    const mentee = await apply('mentee', aMenteeApplication({ email: menteeEmail }));
    await matchedPair(mentor, mentee);
    const token = tokenOf(await linkFromConfirmation(menteeEmail));
    expect(
      await (await fetch(`${gateway.url}/my-application/withdraw?token=${token}`)).text(),
    ).toContain('your current match ends');

    expect((await post('withdraw', token)).status).toBe(303);
    const [after, mentorAfter] = await Promise.all([read(mentee.id), read(mentor.id)]);
    expect(after.status).toBe('withdrawn');
    expect(after.matches).toBeUndefined();
    expect(mentorAfter.status).toBe('under_review');
    expect(mentorAfter.matches).toBeUndefined();
    expect(mentorAfter.history?.at(-1)?.changes).toEqual({
      status: { from: 'matched', to: 'under_review' },
      match: { event: 'ended', with: mentee.id },
    });
    const { Item: guard } = await table.client.send(
      new GetCommand({
        TableName: tableName,
        Key: matchingKeys.menteeMatched(mentee.id),
        ConsistentRead: true,
      }),
    );
    expect(guard).toBeUndefined();
    const [notice] = await eventually(
      () => noticesAbout(mentee.reference),
      (found) => found.length > 0,
    );
    expect(notice?.body.text).toContain(
      `Their match with mentor application ${mentor.reference} has ended; that applicant is back under review`,
    );
  });

  it("deletes a matched mentor's data as staff erasure does: the link then shows only that, and a scan of the table finds none of their values", async () => {
    const mentorEmail = uniqueEmail('deleting-mentor');
    const values = {
      firstName: 'Philippa',
      lastName: 'Quenby-Marsh',
      email: mentorEmail,
      phone: '+1 (213) 555-0199',
      institution: 'Quenby Clinic of Echo Park',
      statement: 'A statement only Philippa wrote, 7f3c9a.',
    };
    const mentor = await apply(
      'mentor',
      aMentorApplication({ ...values, capacity: 1, languages: ['english'] }),
    );
    const mentee = await apply('mentee', aMenteeApplication());
    await matchedPair(mentor, mentee);
    const link = await linkFromConfirmation(mentorEmail);
    const token = tokenOf(link);

    const deleted = await post('delete', token);
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('Your application was deleted at your request');

    const afterwards = await fetch(link);
    const afterwardsHtml = await afterwards.text();
    expect(afterwards.status).toBe(410);
    expect(afterwardsHtml).toContain('Application deleted');
    expect(afterwardsHtml).not.toContain(values.lastName);
    expect((await post('delete', token)).status).toBe(410);
    expect((await post('withdraw', token)).status).toBe(410);

    const tombstone = (await read(mentor.id)) as unknown as Record<string, unknown>;
    expect(tombstone).toMatchObject({ status: 'erased', erasedBy: { sub: 'applicant' } });
    const menteeAfter = await read(mentee.id);
    expect(menteeAfter.status).toBe('under_review');
    expect(menteeAfter.matches).toBeUndefined();

    // Notices carry references only; then nothing of the person is anywhere in the table.
    await eventually(
      () => noticesAbout(mentor.reference),
      (found) => found.length > 0,
    );
    const { Items = [] } = await table.client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true }),
    );
    const everything = JSON.stringify(Items).toLowerCase();
    for (const value of Object.values(values)) {
      expect(everything).not.toContain(value.toLowerCase());
    }
    expect(
      Items.filter((item) => item.pk === itemKeys.application(mentor.id).pk)
        .map((item) => item.sk)
        .sort(),
    ).toEqual(['APPLICATION', 'EMAIL#deletionNotice']);
  });

  it('asks a deletion that races the email sender to wait as long as the send takes, not its 30 s lease', async () => {
    const email = uniqueEmail('racing-sender');
    const receipt = await apply('mentee', aMenteeApplication({ email }));
    const token = tokenOf(await linkFromConfirmation(email));
    const confirmation = { TableName: tableName, Key: itemKeys.email(receipt.id, 'confirmation') };
    // A sender claims the confirmation again (a resend) just now: a 30-second lease...
    await table.client.send(
      new UpdateCommand({
        ...confirmation,
        UpdateExpression: 'SET leaseUntil = :until',
        ExpressionAttributeValues: { ':until': new Date(Date.now() + 30_000).toISOString() },
      }),
    );
    // ...and, as senders do, clears it once SES has answered, well within a second.
    const senderDone = new Promise((resolve) => setTimeout(resolve, 800)).then(() =>
      table.client.send(
        new UpdateCommand({ ...confirmation, UpdateExpression: 'REMOVE leaseUntil' }),
      ),
    );

    const refused = await post('delete', token);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(refused.status).toBe(503);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(await refused.text()).toContain(`try again in ${retryAfter} seconds`);
    expect((await read(receipt.id)).status).toBe('received');

    // Doing as told works: by then the send is done.
    await senderDone;
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    const deleted = await post('delete', token);
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('Your application was deleted at your request');
  });

  it('takes a mentee who deletes their data out of every stored matching run, which still reads for the others', async () => {
    const person = {
      firstName: 'Marisol',
      lastName: 'Bayanihan',
      email: uniqueEmail('tagalog-mentee'),
    };
    const mentee = await apply(
      'mentee',
      aMenteeApplication({
        ...person,
        languages: ['english', 'tagalog'],
        region: 'antelope_valley',
        meetingPreference: 'either',
      }),
    );
    const mentor = await apply(
      'mentor',
      aMentorApplication({
        capacity: 1,
        languages: ['english', 'tagalog'],
        region: 'antelope_valley',
      }),
    );
    const [otherMentor, otherMentee] = [
      await apply('mentor', aMentorApplication({ capacity: 1 })),
      await apply('mentee', aMenteeApplication({ meetingPreference: 'either' })),
    ];
    for (const { id } of [mentee, mentor, otherMentor, otherMentee]) await moveToReview(id);
    const pairs = [
      { mentorId: mentor.id, menteeId: mentee.id },
      { mentorId: otherMentor.id, menteeId: otherMentee.id },
    ];
    const created = await admin('/admin/matching/runs', {
      method: 'POST',
      body: JSON.stringify({ pinned: pairs }),
    });
    expect(created.status).toBe(201);
    const run = (await created.json()) as MatchingRun;
    const others = run.pairs.find((pair) => pair.menteeId === otherMentee.id);
    const answerWords = ['Tagalog', 'Antelope Valley'];
    expect(await runsMentioning([mentee.id, ...answerWords], tableName)).toEqual([run.id]);
    const token = tokenOf(await linkFromConfirmation(person.email));

    expect((await post('delete', token)).status).toBe(200);

    expect(
      await runsMentioning(
        [mentee.id, person.firstName, person.lastName, person.email, ...answerWords],
        tableName,
      ),
    ).toEqual([]);
    const shown = (await (await admin(`/admin/matching/runs/${run.id}`)).json()) as MatchingRun;
    expect(shown.pairs).toContainEqual(others);
    expect(shown.pairs.some((pair) => pair.menteeId === mentee.id)).toBe(false);
    expect(shown.pinned).toEqual([pairs[1]]);
    expect(shown.unmatched.some((entry) => entry.menteeId === mentee.id)).toBe(false);
    expect(shown.erasedSinceRun).toBe(1);
    // The figures stay those of the run as made (counts only); erasedSinceRun says why.
    expect(shown.metrics).toEqual(run.metrics);
  });

  it('refuses forged, swapped, expired and incomplete links with a page that says so, and changes nothing', async () => {
    const [first, second] = [uniqueEmail('first'), uniqueEmail('second')];
    const a = await apply('mentee', aMenteeApplication({ email: first }));
    const b = await apply('mentee', aMenteeApplication({ email: second }));
    const tokenA = tokenOf(await linkFromConfirmation(first));
    const [, seconds, signature] = tokenA.split('.');
    const secret = (await readFile(join(dataDir, 'applicant-link.key'), 'utf8')).trim();

    const cases: Array<[string, string, number, string]> = [
      [
        'forged',
        `${tokenA.slice(0, -2)}${tokenA.endsWith('AA') ? 'BB' : 'AA'}`,
        403,
        'This link is not valid',
      ],
      ['swapped', `${b.id}.${seconds}.${signature}`, 403, 'This link is not valid'],
      [
        'another key',
        signApplicantLink('x'.repeat(43), b.id, new Date(Date.now() + 86_400_000)),
        403,
        'This link is not valid',
      ],
      [
        'expired',
        signApplicantLink(secret, a.id, new Date(Date.now() - 1000)),
        410,
        'This link has expired',
      ],
      ['incomplete', tokenA.slice(0, 30), 400, 'This link is incomplete'],
    ];
    for (const [name, token, status, heading] of cases) {
      for (const response of [
        await fetch(`${gateway.url}/my-application?token=${encodeURIComponent(token)}`),
        await post('delete', token),
      ]) {
        const html = await response.text();
        expect([name, response.status]).toEqual([name, status]);
        expect(html).toContain(heading);
        expect(html).not.toMatch(/Error|at \w+ \(/);
      }
    }
    expect((await fetch(`${gateway.url}/my-application`)).status).toBe(400);
    expect((await post('shred', tokenA)).status).toBe(404);
    expect((await read(a.id)).status).toBe('received');
    expect((await read(b.id)).status).toBe('received');
  });

  it('logs what the applicant did, never who: no token, id or address in any line', async () => {
    const output = gateway.output();
    expect(output).toContain('Applicant request done');
    expect(seen.size).toBeGreaterThan(10);
    for (const value of seen) expect(output).not.toContain(value);
    for (const value of ['Philippa', 'Quenby']) expect(output).not.toContain(value);
  });
});
