import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { signInvitationLink } from '../../shared/applications/invitation-link.js';
import type { Submission } from '../../shared/applications/submission.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import type { InvitationSummary } from '../../shared/review/returning-mentors.js';
import { aMentorApplication, uniqueEmail } from '../support/builders.js';
import { startGatewayOnOwnTable } from '../support/in-process-intake.js';
import { emailsTo, eventually, waitForEmails } from '../support/local-aws.js';
import { authorizedFetch } from '../support/matched-pair.js';

// A gateway and table of their own, with the stream driving the sender: invitations go out
// through the outbox as they would deployed, into aws-ses-v2-local's inbox.
let gateway: GatewayProcess;
let dataDir: string;
let admins: string;
let staff: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'returning-mentors-'));
  ({ gateway } = await startGatewayOnOwnTable({ DATA_DIR: dataDir }));
  const issuer = await loadOrCreateIssuer(dataDir);
  admins = await mintLocalToken(issuer, {
    sub: 'ada',
    email: 'ada@ladocs.example',
    groups: ['admins'],
  });
  staff = await mintLocalToken(issuer, {
    sub: 'sam',
    email: 'sam@ladocs.example',
    groups: ['staff'],
  });
}, 60_000);
afterAll(() => gateway?.stop());

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  authorizedFetch(gateway.url, admins)(path, init);

const HOUR = 3_600_000;
/** A window `fromHours` to `toHours` from now, as an admin types it (Los Angeles time). */
const windowFromNow = (fromHours: number, toHours: number) => ({
  opensAt: toLosAngelesWallTime(new Date(Date.now() + fromHours * HOUR).toISOString()),
  closesAt: toLosAngelesWallTime(new Date(Date.now() + toHours * HOUR).toISOString()),
});

async function createCycle(name: string, window: { opensAt: string; closesAt: string }) {
  const response = await call('/admin/cycles', {
    method: 'POST',
    body: JSON.stringify({ name, ...window }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Cycle;
}

async function moveCycle(cycle: Cycle, window: { opensAt: string; closesAt: string }) {
  const response = await call(`/admin/cycles/${cycle.id}`, {
    method: 'PUT',
    headers: { 'if-match': `"${cycle.version}"` },
    body: JSON.stringify({ name: cycle.name, ...window }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Cycle;
}

async function applyToMentor(application: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/applications/mentor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; reference: string };
}

const invite = (cycle: Cycle, token = admins) =>
  call(`/admin/cycles/${cycle.id}/invitations`, { method: 'POST', token });

const invitationsTo = async (address: string, cycle: Cycle) =>
  (await emailsTo(address)).filter((email) => email.subject.includes(`in ${cycle.name}?`));

/** The link in the invitation the address received, as the mentor would click it. */
async function linkFromInvitation(address: string, cycle: Cycle): Promise<string> {
  const found = await eventually(
    () => invitationsTo(address, cycle),
    (emails) => emails.length > 0,
  );
  expect(found).toHaveLength(1);
  const [invitation] = found;
  const link = /https?:\/\/\S+\/returning-mentor\?token=\S+/.exec(invitation?.body.text ?? '')?.[0];
  expect(link).toBeDefined();
  expect(invitation?.body.html).toContain(`href="${link}"`);
  return link as string;
}

const confirm = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const each of [value].flat()) body.append(name, each);
  }
  return fetch(`${gateway.url}/returning-mentor`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: body.toString(),
    redirect: 'manual',
  });
};

const mentorsIn = async (cycle: Cycle) =>
  (
    (await (await call(`/admin/submissions?type=mentor&cycle=${cycle.id}`)).json()) as {
      items: Submission[];
    }
  ).items;

describe('inviting last cycle’s mentors to take part again', () => {
  let lastYear: Cycle;
  let thisYear: Cycle;
  const wendy = uniqueEmail('returning-wendy');
  const raj = uniqueEmail('returning-raj');

  beforeAll(async () => {
    lastYear = await createCycle('2026 Mentoring Program', windowFromNow(-1, 1));
    await applyToMentor(
      aMentorApplication({ email: wendy, institution: 'Harbor <UCLA> & Co', capacity: 2 }),
    );
    await applyToMentor(aMentorApplication({ email: raj, firstName: 'Raj' }));
    // Both confirmations are out before the year turns, so only invitations follow.
    await waitForEmails(wendy, 1);
    await waitForEmails(raj, 1);
    lastYear = await moveCycle(lastYear, windowFromNow(-6, -5));
    thisYear = await createCycle('2027 Mentoring Program', windowFromNow(-1, 3));
  }, 60_000);

  it('emails each of them once, however often an admin asks; staff cannot ask', async () => {
    const first = await invite(thisYear);
    const again = await invite(thisYear);
    const byStaff = await invite(thisYear, staff);

    expect(first.status).toBe(200);
    expect((await first.json()) as InvitationSummary).toEqual({
      from: lastYear.id,
      invited: 2,
      alreadyInvited: 0,
      alreadyApplied: 0,
    });
    expect(await again.json()).toMatchObject({ invited: 0, alreadyInvited: 2 });
    expect(byStaff.status).toBe(403);
    await linkFromInvitation(wendy, thisYear);
    await linkFromInvitation(raj, thisYear);
    // Given the sender time to send a second one, had it been queued: still one each.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await invitationsTo(wendy, thisYear)).toHaveLength(1);
    expect(await invitationsTo(raj, thisYear)).toHaveLength(1);
  });

  it('opens a page of the earlier answers, escaped, with capacity and stages to confirm', async () => {
    const link = await linkFromInvitation(wendy, thisYear);
    const response = await fetch(link);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(page).toContain('Take part again in the 2027 Mentoring Program');
    expect(page).toContain('Harbor &lt;UCLA> &amp; Co');
    expect(page).not.toContain('<UCLA>');
    expect(page).toMatch(/<input type="number" id="capacity"[^>]*value="2"/);
    expect(page).toMatch(/value="medical_student" checked/);
    expect(page).toMatch(/<input type="checkbox" id="consent" name="consent" required\/?>/);
  });

  it('refuses a capacity out of range with the field’s message, and saves nothing', async () => {
    const token = new URL(await linkFromInvitation(raj, thisYear)).searchParams.get('token');
    const response = await confirm({
      token: String(token),
      capacity: '9',
      menteeStages: 'medical_student',
      consent: 'on',
    });
    const page = await response.text();

    expect(response.status).toBe(400);
    expect(page).toContain('role="alert"');
    expect(page).toMatch(/id="capacity"[^>]*aria-describedby="hint-capacity error-capacity"/);
    expect(page).toMatch(/<p class="error" id="error-capacity">[^<]+5/);
    expect((await mentorsIn(thisYear)).filter((each) => each.application.email === raj)).toEqual(
      [],
    );
  });

  it('makes this cycle’s application from the earlier one with what was changed, once', async () => {
    const token = new URL(await linkFromInvitation(wendy, thisYear)).searchParams.get('token');
    const fields = {
      token: String(token),
      capacity: '4',
      menteeStages: ['early_career_physician', 'resident_or_fellow'],
      consent: 'on',
    };

    const confirmed = await confirm(fields);
    const doubleClicked = await confirm(fields);
    const changedAfter = await confirm({ ...fields, capacity: '1' });

    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toMatch(/^\/thank-you\?reference=LM-/);
    // The same answers again get the same receipt; different ones find the link spent.
    expect(doubleClicked.headers.get('location')).toBe(confirmed.headers.get('location'));
    expect(changedAfter.status).toBe(409);
    expect(await changedAfter.text()).toContain('You have already confirmed');
    const made = (await mentorsIn(thisYear)).filter((each) => each.application.email === wendy);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      cycleId: thisYear.id,
      status: 'received',
      application: {
        institution: 'Harbor <UCLA> & Co',
        capacity: 4,
        menteeStages: ['early_career_physician', 'resident_or_fellow'],
        consent: true,
      },
    });
    // Its confirmation follows, as for any application.
    await waitForEmails(wendy, 3);
    const [earlier] = await mentorsIn(lastYear).then((all) =>
      all.filter((each) => each.application.email === wendy),
    );
    expect(earlier?.application).toMatchObject({ capacity: 2 });
  });

  it('refuses a forged, cut or expired link, each with its own page and status', async () => {
    const link = await linkFromInvitation(raj, thisYear);
    const token = String(new URL(link).searchParams.get('token'));
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const secret = (await readFile(join(dataDir, 'applicant-link.key'), 'utf8')).trim();
    const [applicationId] = token.split('.');
    const expired = signInvitationLink(secret, {
      applicationId: String(applicationId),
      cycleId: thisYear.id,
      expiresAt: new Date(Date.now() - 1000),
    });

    const pages = await Promise.all(
      [forged, token.slice(0, 30), expired].map((each) =>
        fetch(`${gateway.url}/returning-mentor?token=${encodeURIComponent(each)}`),
      ),
    );

    expect(pages.map((page) => page.status)).toEqual([403, 400, 410]);
    expect(await pages[2]?.text()).toContain('This invitation has expired');
  });

  it('says applications are closed once the window is over, and then sends no invitation', async () => {
    const link = await linkFromInvitation(raj, thisYear);
    thisYear = await moveCycle(thisYear, windowFromNow(-3, -2));

    const page = await fetch(link);
    const closedInvite = await invite(thisYear);

    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Applications for the 2027 Mentoring Program are closed');
    expect(closedInvite.status).toBe(409);
    expect(await closedInvite.json()).toMatchObject({ error: 'cycle_closed' });
  });
});
