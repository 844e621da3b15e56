import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeployedRuntime,
  startDeployedRuntime,
} from '../../infra/deployed/deployed-runtime.js';
import { readDeployedStack } from '../../infra/deployed/deployed-stack.js';
import {
  type CallVerdict,
  checkPermissions,
  type UnusedGrant,
  verdictTable,
} from '../../infra/deployed/permission-check.js';
import { synthesizeBundled } from '../../infra/deployed/synthesize-bundled.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import { type StandIns, startStandIns } from '../../infra/local/stand-ins.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import type { OutboxEmail } from '../../shared/applications/outbox.js';
import {
  emailItem,
  itemKeys,
  toOutboxEmail,
} from '../../shared/applications/store/application-item.js';
import { createDynamoDbClient, documentClientOver } from '../../shared/platform/aws/clients.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { launchChromium } from '../support/browser.js';
import {
  aMenteeApplication,
  aMentorApplication,
  asFormBody,
  uniqueEmail,
} from '../support/builders.js';
import { completeTheCycle } from '../support/completed-mentor.js';
import { signIn } from '../support/console-browser.js';
import { eventually } from '../support/eventually.js';
import { pdfText } from '../support/pdf-text.js';

/**
 * The stack as `cdk deploy` would ship it: synthesized with bundling, every function run
 * from its own asset folder with the template's environment, memory and timeout, behind
 * the template's routes, authorizer, stream mapping, schedule and SNS subscription. What
 * the source-level suites cannot see (a bundle without its handler, a setting the stack
 * forgot, a permission the code needs and the role lacks) fails here.
 */
let assemblyDir: string;
let standIns: StandIns;
let runtime: DeployedRuntime;
const failures: string[] = [];

beforeAll(async () => {
  assemblyDir = await mkdtemp(join(tmpdir(), 'mentoring-assembly-'));
  const synthesized = synthesizeBundled(assemblyDir);
  standIns = await startStandIns({ tableName: 'mentoring-intake-deployed' });
  const stack = readDeployedStack(assemblyDir, synthesized.stackName);
  runtime = await startDeployedRuntime({
    stack,
    stackName: synthesized.stackName,
    standIns: {
      dynamoDbEndpoint: standIns.functionEnv.AWS_ENDPOINT_URL_DYNAMODB as string,
      sesEndpoint: standIns.sesUrl,
      tableName: standIns.functionEnv.TABLE_NAME as string,
    },
    dataDir: standIns.functionEnv.DATA_DIR as string,
    onError: (error) => failures.push(error instanceof Error ? error.message : String(error)),
  });
});

afterAll(async () => {
  await runtime?.stop();
  await standIns?.stop();
  await rm(assemblyDir, { recursive: true, force: true });
});

const url = (path: string) => `${runtime.url}${path}`;

/** What the local SES received for an address. */
async function emailsTo(address: string) {
  const { emails } = (await (await fetch(`${standIns.sesUrl}/store`)).json()) as {
    emails: Array<{ destination: { to: string[] }; subject: string; body: { text?: string } }>;
  };
  return emails.filter((email) => email.destination.to.includes(address));
}

/** The first email to `address` whose subject ends with `subjectEnd`, once it has arrived. */
async function emailArriving(address: string, subjectEnd: string) {
  const email = await eventually(
    async () => (await emailsTo(address)).find((each) => each.subject.endsWith(subjectEnd)),
    Boolean,
    15_000,
  );
  expect(email, `an email to ${address} ending "${subjectEnd}"`).toBeDefined();
  return email as NonNullable<typeof email>;
}

/**
 * Answers the no-script form a signed link in `email` opens at `path`, as a person would:
 * the page opens (200), then its form posts `answers` and is sent back to the page (303).
 * Returns the page as it opened.
 */
async function answerLinkedForm(email: { body: { text?: string } }, path: string, answers: string) {
  const pattern = new RegExp(`${path.replace('/', '\\/')}\\?token=([^\\s&]+)`);
  const token = pattern.exec(email.body.text ?? '')?.[1];
  expect(token, `a ${path} link in the email`).toBeDefined();
  const page = await fetch(url(`${path}?token=${token}`));
  expect(page.status).toBe(200);
  const answered = await fetch(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: `token=${token}&${answers}`,
    redirect: 'manual',
  });
  expect(answered.status).toBe(303);
  return page.text();
}

const tokenFor = async (group: string) =>
  mintLocalToken(await loadOrCreateIssuer(standIns.functionEnv.DATA_DIR as string), {
    sub: `deployed-${group}`,
    email: `${group}@ladocs.example`,
    groups: [group],
  });
const asAdmin = async (path: string, init: RequestInit = {}) =>
  fetch(url(path), {
    ...init,
    headers: {
      authorization: `Bearer ${await tokenFor('admins')}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
const table = () =>
  documentClientOver(
    createDynamoDbClient({
      endpoint: standIns.functionEnv.AWS_ENDPOINT_URL_DYNAMODB,
      region: 'us-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
const tableName = () => standIns.functionEnv.TABLE_NAME as string;
/**
 * Puts a sent outbox email back as it was before it was sent: pending and due, for the
 * sweeper. Overwriting an item is a MODIFY, which the stream's filter does not pass.
 */
async function putBackUnsent(key: { pk: string; sk: string }) {
  const { Item } = await table().send(new GetCommand({ TableName: tableName(), Key: key }));
  const { messageId: _sent, ...unsent } = toOutboxEmail(Item as Record<string, unknown>);
  await table().send(
    new PutCommand({
      TableName: tableName(),
      Item: emailItem({
        ...unsent,
        state: 'pending',
        attempts: 0,
        dueAt: new Date(Date.now() - 1000).toISOString(),
      } as OutboxEmail),
    }),
  );
}
/** Sets one attribute of a stored item, as time (or the calendar) would have moved it. */
const setStored = (key: { pk: string; sk: string }, name: string, value: unknown) =>
  table().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET #name = :value',
      ExpressionAttributeNames: { '#name': name },
      ExpressionAttributeValues: { ':value': value },
    }),
  );

/** Answers `call` again while an email of the application is being sent (409 or 503). */
async function retryWhileBusy(call: () => Promise<Response>) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await call();
    if (![409, 503].includes(response.status) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const logicalIdOf = (name: string) => {
  const fn = runtime.stack.functions.find((each) => each.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn.logicalId;
};

/** The schedule rule that runs a function. */
const scheduleOf = (name: string) =>
  runtime.stack.schedules.find((schedule) => schedule.functionLogicalId === logicalIdOf(name));

const mentorEmail = uniqueEmail('deployed-mentor');
const menteeEmail = uniqueEmail('deployed-mentee');
const applied: Record<'mentor' | 'mentee', { id: string; reference: string }> = {
  mentor: { id: '', reference: '' },
  mentee: { id: '', reference: '' },
};

describe('the synthesized stack, run from its own bundles', () => {
  it('reads every function, route, mapping, schedule and subscription from the template', () => {
    const { stack } = runtime;
    for (const fn of stack.functions) {
      expect(fn.handler, fn.name).toBe('index.handler');
      expect(fn.runtime, fn.name).toBe('nodejs24.x');
      expect(fn.assetDir.startsWith(assemblyDir), fn.name).toBe(true);
    }
    expect(stack.functions.map((fn) => fn.name).sort()).toEqual(
      [
        'admin',
        'console',
        'form-pages',
        'form-schema',
        'health',
        'check-in',
        'letters',
        'matching',
        'my-application',
        'returning-mentor',
        'schedule-check-ins',
        'complete-cycles',
        'evaluation',
        'retry-confirmations',
        'send-emails',
        'ses-events',
        'submit-application',
        'tally-applications',
        'thank-you',
      ].sort(),
    );
    expect(stack.api.routes.length).toBeGreaterThan(20);
    expect(stack.streamMappings.map((mapping) => mapping.functionLogicalId).sort()).toEqual(
      [logicalIdOf('send-emails'), logicalIdOf('tally-applications')].sort(),
    );
    expect(stack.schedules).toEqual([
      expect.objectContaining({
        everyMs: 5 * 60_000,
        functionLogicalId: logicalIdOf('retry-confirmations'),
      }),
      expect.objectContaining({
        everyMs: 60 * 60_000,
        functionLogicalId: logicalIdOf('schedule-check-ins'),
      }),
      expect.objectContaining({
        everyMs: 60 * 60_000,
        functionLogicalId: logicalIdOf('complete-cycles'),
      }),
    ]);
    expect(stack.subscriptions.map((each) => each.functionLogicalId)).toEqual([
      logicalIdOf('ses-events'),
    ]);
  });

  it('serves the front page and both forms', async () => {
    const front = await fetch(url('/'));
    expect(front.status).toBe(200);
    const links = await front.text();
    for (const type of ['mentor', 'mentee']) {
      expect(links).toContain(`href="/forms/${type}"`);
      const form = await fetch(url(`/forms/${type}`));
      expect(form.status, type).toBe(200);
      expect(await form.text(), type).toContain(`action="/applications/${type}"`);
    }
    expect((await fetch(url('/health'))).status).toBe(200);
    expect((await fetch(url('/forms/mentee/schema'))).status).toBe(200);
  });

  it("serves the staff console's page and the script and style sheet it names", async () => {
    const page = await fetch(url('/console'));
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    expect(assets).toHaveLength(2);
    for (const asset of assets) expect((await fetch(url(asset))).status, asset).toBe(200);
  });

  it('takes a form post and a JSON post, signed by the deployed key, and saves both', async () => {
    const formPage = await (await fetch(url('/forms/mentor'))).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(formPage)?.[1];
    const { formToken: jsonToken } = (await (await fetch(url('/forms/mentee/token'))).json()) as {
      formToken: string;
    };
    const menteeApplication = aMenteeApplication({ email: menteeEmail, lastName: 'Okonkwo' });
    // The form token proves the form was open for a few seconds, as a person's would be.
    await new Promise((resolve) => setTimeout(resolve, 3100));

    const posted = await fetch(url('/applications/mentor'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: asFormBody({ ...aMentorApplication({ email: mentorEmail }), formToken }),
      redirect: 'manual',
    });
    const sent = await fetch(url('/applications/mentee'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...menteeApplication, formToken: jsonToken }),
    });

    // The same post again (a double click) is answered with the first receipt.
    const again = await fetch(url('/applications/mentee'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...menteeApplication, formToken: jsonToken }),
    });

    expect(posted.status).toBe(303);
    expect(sent.status).toBe(201);
    applied.mentee = (await sent.json()) as { id: string; reference: string };
    expect(((await again.json()) as { id: string }).id).toBe(applied.mentee.id);
    const listed = (await (await asAdmin(`/admin/submissions?q=${mentorEmail}`)).json()) as {
      items: Array<{ id: string; reference: string }>;
    };
    expect(listed.items).toHaveLength(1);
    applied.mentor = listed.items[0] as { id: string; reference: string };
  });

  it('sends each confirmation through the stream, with a link to the applicant’s page', async () => {
    const inbox = await eventually(
      async () => [...(await emailsTo(mentorEmail)), ...(await emailsTo(menteeEmail))],
      (emails) => emails.length === 2,
      15_000,
    );
    expect(inbox.map((email) => email.subject).join(' ')).toContain(applied.mentor.reference);

    const link = /https?:\/\/\S+\/my-application\?token=\S+/.exec(inbox[0]?.body.text ?? '')?.[0];
    expect(link?.startsWith(url('/my-application?token='))).toBe(true);
    const page = await fetch(link as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(applied.mentor.reference);
  });

  it('signs staff in to the console and lists the applications', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      await signIn(page, runtime.url, { email: 'staff@ladocs.example', group: 'staff' });
      await expect
        .poll(() => page.getByText(applied.mentor.reference).count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
    } finally {
      await browser?.close();
    }
  });

  it('exports CSV for admins, and refuses staff routes without a token', async () => {
    const csv = await asAdmin('/admin/submissions/export.csv');
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(applied.mentee.reference);
    expect((await fetch(url('/admin/submissions'))).status).toBe(401);
  });

  it('finds an application by reference and by name', async () => {
    const found = async (q: string) =>
      (
        (await (await asAdmin(`/admin/submissions?q=${encodeURIComponent(q)}`)).json()) as {
          items: Array<{ id: string }>;
        }
      ).items.map((item) => item.id);

    expect(await found(applied.mentee.reference)).toEqual([applied.mentee.id]);
    expect(await found('Okonkwo')).toEqual([applied.mentee.id]);
  });

  it('moves the mentee to review in a bulk change and the mentor in a single one, each behind the JWT authorizer', async () => {
    const neverSaved = '01J0ABCDEFGHJKMNPQRSTVWXYZ';
    const body = JSON.stringify({
      ids: [applied.mentee.id, neverSaved],
      status: 'under_review',
      note: 'Deployed check',
    });

    const bulk = await asAdmin('/admin/submissions/status-changes', { method: 'POST', body });
    const single = await asAdmin(`/admin/submissions/${applied.mentor.id}`, {
      method: 'PATCH',
      headers: { 'if-match': '"1"' },
      body: JSON.stringify({ status: 'under_review' }),
    });
    const anonymous = await fetch(url('/admin/submissions/status-changes'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

    expect(bulk.status).toBe(200);
    expect(await bulk.json()).toEqual({
      status: 'under_review',
      results: [
        { id: applied.mentee.id, outcome: 'changed', from: 'received' },
        { id: neverSaved, outcome: 'not_found' },
      ],
      counts: { changed: 1, skipped: 0, conflict: 0, not_found: 1, not_attempted: 0 },
    });
    expect(single.status).toBe(200);
    expect(anonymous.status).toBe(401);
  });

  it('runs matching, approves the pair, ends the match and matches them again', async () => {
    const pair = { mentorId: applied.mentor.id, menteeId: applied.mentee.id };
    const runAndApprove = async () => {
      const run = await asAdmin('/admin/matching/runs', {
        method: 'POST',
        body: JSON.stringify({ pinned: [pair] }),
      });
      expect(run.status).toBe(201);
      const { id } = (await run.json()) as { id: string };
      return asAdmin(`/admin/matching/runs/${id}/approve`, {
        method: 'POST',
        body: JSON.stringify({ pairs: [pair] }),
      });
    };
    const introducedTimes = async (count: number) =>
      (
        await eventually(
          () => emailsTo(menteeEmail),
          (emails) => emails.length === count,
          15_000,
        )
      ).length;

    expect((await runAndApprove()).status).toBe(200);
    // The confirmation, then the introduction: each sent through the stream.
    expect(await introducedTimes(2)).toBe(2);
    // A schedule clash, the mentee not sent back with priority: the pair may be matched again.
    const ended = await asAdmin(`/admin/matching/matches/${applied.mentee.id}/end`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'schedule', returnToPool: false }),
    });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ reason: 'schedule', mentorExcluded: false });
    // Matched again, the pair is introduced again through the stream, not the sweeper.
    expect((await runAndApprove()).status).toBe(200);
    expect(await introducedTimes(3)).toBe(3);
  });

  it('sends on its schedule what the stream left pending', async () => {
    // An email the stream did not deliver (SES was down) waits, pending and due, for the
    // sweeper: made so here by putting the mentee's confirmation back as it was before it
    // was sent. Overwriting an item is a MODIFY, which the stream's filter does not pass.
    await putBackUnsent(itemKeys.email(applied.mentee.id, 'confirmation'));
    const before = (await emailsTo(menteeEmail)).length;

    const schedule = scheduleOf('retry-confirmations');
    const outcome = await runtime.runSchedule(schedule?.ruleLogicalId as string);

    expect(outcome.ok).toBe(true);
    expect(await emailsTo(menteeEmail)).toHaveLength(before + 1);
  });

  it('records a bounce that SES publishes to the topic the events function reads', async () => {
    const view = async () =>
      (await (await asAdmin(`/admin/submissions/${applied.mentor.id}`)).json()) as {
        confirmation: { state: string; messageId?: string };
      };
    const { confirmation } = await view();
    const topic = runtime.stack.subscriptions[0]?.topicLogicalId as string;
    const notification = {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: mentorEmail, action: 'failed', status: '5.1.1' }],
        timestamp: new Date().toISOString(),
        feedbackId: 'deployed-feedback',
      },
      mail: {
        timestamp: new Date().toISOString(),
        source: 'no-reply@mentoring-dev.example.org',
        messageId: confirmation.messageId,
        destination: [mentorEmail],
      },
    };

    const [delivered] = await runtime.publish(topic, JSON.stringify(notification));

    expect(delivered?.ok).toBe(true);
    expect((await view()).confirmation.state).toBe('bounced');
  });

  it('lets the applicant withdraw and delete from their link, and admins erase', async () => {
    const links = (await emailsTo(menteeEmail)).map(
      (email) => /\/my-application\?token=([^\s&]+)/.exec(email.body.text ?? '')?.[1],
    );
    const token = links.find(Boolean) as string;
    const act = (action: string) =>
      retryWhileBusy(() =>
        fetch(url(`/my-application/${action}`), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          body: new URLSearchParams({ token }).toString(),
          redirect: 'manual',
        }),
      );

    const withdrawn = await act('withdraw');
    const deleted = await act('delete');

    expect(withdrawn.status).toBe(303);
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('Your application was deleted at your request');
    const erased = await retryWhileBusy(() =>
      asAdmin(`/admin/submissions/${applied.mentor.id}`, { method: 'DELETE' }),
    );
    expect(erased.status).toBe(204);
    expect((await fetch(url(`/my-application?token=${token}`))).status).toBe(410);
  });

  it('invites last cycle’s mentor, who takes part again from the link in their invitation', async () => {
    const returning = uniqueEmail('deployed-returning');
    const hours = (offset: number) =>
      toLosAngelesWallTime(new Date(Date.now() + offset * 3_600_000).toISOString());
    const cycle = async (name: string, from: number, to: number) => {
      const created = await asAdmin('/admin/cycles', {
        method: 'POST',
        body: JSON.stringify({ name, opensAt: hours(from), closesAt: hours(to) }),
      });
      expect(created.status).toBe(201);
      return (await created.json()) as Cycle;
    };
    const lastYear = await cycle('2026 Mentoring Program', -1, 1);
    const { formToken } = (await (await fetch(url('/forms/mentor/token'))).json()) as {
      formToken: string;
    };
    // The form token proves the form was open for a few seconds, as a person's would be.
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const applied = await fetch(url('/applications/mentor'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...aMentorApplication({ email: returning }), formToken }),
    });
    expect(applied.status).toBe(201);
    await eventually(
      () => emailsTo(returning),
      (emails) => emails.length === 1,
      15_000,
    );
    const closed = await asAdmin(`/admin/cycles/${lastYear.id}`, {
      method: 'PUT',
      headers: { 'if-match': `"${lastYear.version}"` },
      body: JSON.stringify({ name: lastYear.name, opensAt: hours(-6), closesAt: hours(-5) }),
    });
    expect(closed.status).toBe(200);
    const thisYear = await cycle('2027 Mentoring Program', -1, 3);

    const invited = await asAdmin(`/admin/cycles/${thisYear.id}/invitations`, { method: 'POST' });
    expect(await invited.json()).toEqual({
      from: lastYear.id,
      invited: 1,
      alreadyInvited: 0,
      alreadyApplied: 0,
    });
    const invitation = await emailArriving(
      returning,
      'will you mentor again in 2027 Mentoring Program?',
    );
    const page = await answerLinkedForm(
      invitation,
      '/returning-mentor',
      'capacity=3&menteeStages=medical_student&consent=on',
    );
    expect(page).toContain('Take part again in the 2027 Mentoring Program');
    const listed = (await (
      await asAdmin(`/admin/submissions?type=mentor&cycle=${thisYear.id}`)
    ).json()) as { items: Array<{ application: { email: string; capacity: number } }> };
    expect(listed.items.map((item) => item.application)).toEqual([
      expect.objectContaining({ email: returning, capacity: 3 }),
    ]);
  });

  // The pair the check-in test matches, whose year the completion test then ends.
  const checkedIn = { mentor: '', mentee: '', menteeEmail: '', mentorEmail: '' };

  it('checks in on a match a month old: each side gets the check-in on its schedule and answers it', async () => {
    const people = {
      mentor: uniqueEmail('deployed-checkin-mentor'),
      mentee: uniqueEmail('deployed-checkin-mentee'),
    };
    const tokens = await Promise.all(
      (['mentor', 'mentee'] as const).map(async (type) => {
        const { formToken } = (await (await fetch(url(`/forms/${type}/token`))).json()) as {
          formToken: string;
        };
        return formToken;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const ids: Record<'mentor' | 'mentee', string> = { mentor: '', mentee: '' };
    for (const [index, type] of (['mentor', 'mentee'] as const).entries()) {
      const application =
        type === 'mentor'
          ? aMentorApplication({ email: people.mentor })
          : aMenteeApplication({ email: people.mentee });
      const response = await fetch(url(`/applications/${type}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...application, formToken: tokens[index] }),
      });
      expect(response.status).toBe(201);
      ids[type] = ((await response.json()) as { id: string }).id;
      const reviewed = await retryWhileBusy(() =>
        asAdmin(`/admin/submissions/${ids[type]}`, {
          method: 'PATCH',
          headers: { 'if-match': '"1"' },
          body: JSON.stringify({ status: 'under_review' }),
        }),
      );
      expect(reviewed.status).toBe(200);
    }
    const pair = { mentorId: ids.mentor, menteeId: ids.mentee };
    Object.assign(checkedIn, {
      ...ids,
      menteeEmail: people.mentee,
      mentorEmail: people.mentor,
    });
    const run = await asAdmin('/admin/matching/runs', {
      method: 'POST',
      body: JSON.stringify({ pinned: [pair] }),
    });
    const { id: runId } = (await run.json()) as { id: string };
    const approved = await asAdmin(`/admin/matching/runs/${runId}/approve`, {
      method: 'POST',
      body: JSON.stringify({ pairs: [pair] }),
    });
    expect(approved.status).toBe(200);
    // A month on: the match's two views say it was approved 31 days ago.
    const monthAgo = new Date(Date.now() - 31 * 86_400_000).toISOString();
    for (const [own, other] of [
      [ids.mentee, ids.mentor],
      [ids.mentor, ids.mentee],
    ] as const) {
      await setStored({ pk: `APPLICATION#${own}`, sk: `MATCH#${other}` }, 'approvedAt', monthAgo);
    }

    const outcome = await runtime.runSchedule(
      scheduleOf('schedule-check-ins')?.ruleLogicalId as string,
    );
    expect(outcome.ok).toBe(true);
    const checkIn = await emailArriving(people.mentee, 'how is your mentoring going?');
    await emailArriving(people.mentor, 'how is your mentoring going?');
    await answerLinkedForm(checkIn, '/check-in', 'met=yes&meetings=2&rating=5&contactStaff=no');
  });

  it("completes the match when its cycle's end date has passed, and takes each person's evaluation", async () => {
    const { Item: mentee } = await table().send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: `APPLICATION#${checkedIn.mentee}`, sk: 'APPLICATION' },
      }),
    );
    const cycleId = String(mentee?.cycleId);
    expect(mentee?.cycleId, 'the check-in pair applied in a cycle').toBeDefined();
    // The program year ended two days ago (the stored cycle moved, as the calendar would be).
    // A cycle ends at the Los Angeles midnight after its end date, so a UTC "yesterday" is
    // not over yet between 00:00 and 08:00 UTC: two days back has always ended.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await setStored({ pk: 'CYCLES', sk: `CYCLE#${cycleId}` }, 'endsOn', twoDaysAgo);
    const outcome = await runtime.runSchedule(
      scheduleOf('complete-cycles')?.ruleLogicalId as string,
    );
    expect(outcome.ok).toBe(true);
    const evaluation = await emailArriving(checkedIn.menteeEmail, 'how was your year?');
    await answerLinkedForm(
      evaluation,
      '/evaluation',
      'takePartAgain=yes&gained=research&gained=connections&recommendMentor=yes',
    );
    const report = await asAdmin(`/admin/outcomes?cycle=${cycleId}`);
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({
      matches: { completed: expect.any(Number) },
      evaluations: { answered: 1 },
    });
  });

  it('issues a completed mentor a letter of recognition: emailed with its PDF (again by the sweeper if the stream left it), downloaded, listed', async () => {
    const address = uniqueEmail('deployed-letter');
    const { formToken } = (await (await fetch(url('/forms/mentor/token'))).json()) as {
      formToken: string;
    };
    await new Promise((resolve) => setTimeout(resolve, 3100));
    // A name beyond the standard fonts: the letter embeds the fonts copied beside the bundle.
    const posted = await fetch(url('/applications/mentor'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...aMentorApplication({ email: address, firstName: 'Nguyễn', lastName: 'Thị Minh' }),
        formToken,
      }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    await eventually(
      () => emailsTo(address),
      (emails) => emails.length === 1,
      15_000,
    );
    const { currentCycleId } = (await (await asAdmin('/admin/cycles')).json()) as {
      currentCycleId: string;
    };
    // The end of the cycle, as its completion leaves it (seeded: it is built elsewhere).
    await completeTheCycle(table(), tableName(), id, {
      matches: [{ meetings: [1, 4] }],
      letterByEmail: true,
    });

    const listed = await asAdmin(`/admin/cycles/${currentCycleId}/letters`);
    expect(await listed.json()).toMatchObject({
      // Beside the check-in pair's mentor, completed with their cycle by the test before.
      mentors: expect.arrayContaining([
        expect.objectContaining({
          mentorId: id,
          facts: { mentees: 1, meetings: 4 },
          consentsToEmail: true,
        }),
      ]),
    });
    const issued = await asAdmin(`/admin/cycles/${currentCycleId}/letters`, {
      method: 'POST',
      body: JSON.stringify({ mentorIds: [id] }),
    });
    expect(await issued.json()).toMatchObject({
      results: [{ id, outcome: 'issued', emailed: true }],
    });
    const letterEmails = async () =>
      (await emailsTo(address)).filter((email) => email.subject.includes('letter of recognition'));
    const [sent] = await eventually(letterEmails, (emails) => emails.length === 1, 15_000);
    const attached = (sent as { attachments?: Array<{ content: string }> }).attachments?.[0];
    const mailed = await pdfText(Buffer.from(attached?.content ?? '', 'base64'));
    expect(mailed.text).toContain('Nguyễn Thị Minh');

    const download = await asAdmin(`/admin/cycles/${currentCycleId}/letters/${id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(new Uint8Array(await download.arrayBuffer()));
    expect(text.replace(/\s+/g, ' ')).toContain(
      'mentored 1 mentee through the cycle and reported 4 meetings',
    );

    // The email put back as the stream would have left it unsent: the sweeper sends it.
    await putBackUnsent(itemKeys.email(id, `recognitionLetter:${currentCycleId}`));
    const swept = await runtime.runSchedule(
      scheduleOf('retry-confirmations')?.ruleLogicalId as string,
    );
    expect(swept.ok).toBe(true);
    expect(await letterEmails()).toHaveLength(2);
  });

  it('nothing failed in a function or the mapping along the way', () => {
    expect(failures).toEqual([]);
  });
});

/**
 * What each function's role must allow and need not: every AWS call the functions made
 * above (and the stream mapping made for send-emails), evaluated against the role the
 * template gives that function by an IAM policy simulator.
 */
describe('the roles, against every call the functions made', () => {
  // Granted, and used by AWS on the function's behalf rather than by its code.
  const KEPT_WITHOUT_A_CALL: Array<{ action: RegExp; why: string }> = [
    { action: /^logs:(CreateLogStream|PutLogEvents)$/, why: 'Lambda writes the function’s logs' },
    {
      action: /^dynamodb:ListStreams$/,
      why: 'Lambda’s stream mapping lists the streams of the table (AWS documents it as required)',
    },
    {
      action: /^sqs:SendMessage$/,
      why: 'Lambda sends what it gives up on to the on-failure queue; only a failure shows it',
    },
  ];
  let verdicts: CallVerdict[];
  let unused: UnusedGrant[];

  beforeAll(async () => {
    // The dashboard's aggregator counts the erasure above only when its 5 s batching window
    // ends: wait for it (its Delete of the erased items' counts), so every call is in.
    await eventually(
      async () =>
        runtime.calls.some(
          (call) =>
            runtime.functionOfCaller(call.caller)?.name === 'tally-applications' &&
            call.iam.some((request) => request.action === 'dynamodb:DeleteItem'),
        ),
      Boolean,
      30_000,
    );
    ({ verdicts, unused } = await checkPermissions(runtime));
    console.log(`\nEvery AWS call, against its function's role:\n${verdictTable(verdicts)}\n`);
    console.log(
      `Granted and not used by any call:\n${unused
        .map((grant) => `- ${grant.functionName}: ${grant.action} on ${grant.resource}`)
        .join('\n')}\n`,
    );
  });

  it('recorded calls from the functions that touch AWS', () => {
    const callers = new Set(verdicts.map((verdict) => verdict.functionName));
    for (const name of [
      'submit-application',
      'form-pages',
      'send-emails',
      'admin',
      'matching',
      'my-application',
      'returning-mentor',
      'check-in',
      'schedule-check-ins',
      'complete-cycles',
      'evaluation',
      'letters',
      'retry-confirmations',
      'ses-events',
      'tally-applications',
    ]) {
      expect(callers.has(name), name).toBe(true);
    }
    expect(verdicts.some((verdict) => verdict.action === 'ses:SendEmail')).toBe(true);
    expect(verdicts.some((verdict) => verdict.action === 'ses:SendRawEmail')).toBe(true);
  });

  it('allows every call a function made', () => {
    const refused = verdicts.filter((verdict) => verdict.decision !== 'Allowed');
    expect(refused).toEqual([]);
  });

  it('checks SES sends against both the identity and the configuration set', () => {
    const sends = verdicts.filter((verdict) => verdict.action === 'ses:SendEmail');
    expect(sends.some((verdict) => verdict.resource.includes(':identity/'))).toBe(true);
    expect(sends.some((verdict) => verdict.resource.includes(':configuration-set/'))).toBe(true);
  });

  it('grants nothing that no call used, but what AWS uses for the function', () => {
    const unexplained = unused.filter(
      (grant) => !KEPT_WITHOUT_A_CALL.some((kept) => kept.action.test(grant.action)),
    );
    expect(unexplained).toEqual([]);
  });
});
