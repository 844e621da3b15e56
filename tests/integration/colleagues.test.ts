import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycleCompletionHandler } from '../../functions/complete-cycles/create-handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { type Cycle, cycleEndsAt } from '../../shared/applications/cycles.js';
import { itemKeys, matchingKeys } from '../../shared/applications/store/application-item.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import type { Submission } from '../../shared/applications/submission.js';
import type { MatchHealthView } from '../../shared/check-ins/matches-view.js';
import type { ColleagueCandidates } from '../../shared/matching/colleague.js';
import { DynamoDbCycleCompletion } from '../../shared/outcomes/index.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { aMentorApplication, uniqueEmail } from '../support/builders.js';
import { dynamoDbClient, startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually, waitForEmails } from '../support/local-aws.js';
import { adminCaller, matchedPair, runCheckInScheduler } from '../support/matched-pair.js';
import { tableReads } from '../support/table-reads.js';

// A gateway and table of their own, the stream driving the sender: what bringing in a
// colleague writes is read back from DynamoDB Local, and what it sends from the local inbox.
let gateway: GatewayProcess;
let tableName: string;
let admins: string;
const documents = () => documentClientOver(dynamoDbClient());

beforeAll(async () => {
  ({ gateway, tableName, admins } = await startGatewayWithAdmin('colleagues'));
}, 60_000);
afterAll(() => gateway?.stop());

const admin = (path: string, method = 'GET', body?: unknown, version?: number) =>
  adminCaller(gateway.url, admins)(path, method, body, version);
/** A call expected to be refused: its status and JSON body. */
const refused = async (path: string, method: string, body?: unknown) => {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${admins}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const stored = (id: string) => tableReads(tableName).application(id);
const item = (key: { pk: string; sk: string }) => tableReads(tableName).item(key);
const partition = (id: string) => tableReads(tableName).partition(id);

/** A mentor who applies and is put under review, ready to be a colleague. */
async function aReviewedMentor(answers: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/applications/mentor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aMentorApplication(answers)),
  });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await admin(`/admin/submissions/${id}`, 'PATCH', { status: 'under_review' }, 1);
  return id;
}

const colleagueIntroductions = async (address: string) =>
  (await emailsTo(address)).filter((email) => email.subject.includes('colleague'));

describe('bringing in a colleague, on DynamoDB Local and the local inbox', () => {
  const emails = {
    mentee: uniqueEmail('colleague-mentee'),
    primary: uniqueEmail('colleague-primary'),
    colleague: uniqueEmail('colleague-peds'),
    other: uniqueEmail('colleague-derm'),
  };
  const need = 'A pediatric emergency rotation: which programs, and how to apply';
  let pair: { mentorId: string; menteeId: string; approvedAt: string };
  let colleagueId: string;
  let otherId: string;
  let matchId: string;

  beforeAll(async () => {
    // The colleagues apply first: their ids (ULIDs) sort before the primary mentor's, so
    // their match views come first in the mentee's partition, and whatever must pick the
    // primary match cannot find it by order alone.
    colleagueId = await aReviewedMentor({
      email: emails.colleague,
      firstName: 'Ana',
      lastName: 'Ruiz',
      specialty: 'pediatrics',
      capacity: 1,
    });
    otherId = await aReviewedMentor({
      email: emails.other,
      firstName: 'Sam',
      lastName: 'Okafor',
      specialty: 'dermatology',
    });
    pair = await matchedPair(gateway.url, tableName, admins, {
      mentor: emails.primary,
      mentee: emails.mentee,
    });
    // Their introductions first, so the colleague's are counted on their own.
    await waitForEmails(emails.primary, 2);
  }, 60_000);

  it('ranks the candidates by the pair rules with their reasons, the one with the asked specialty first, never the primary mentor', async () => {
    const found = (await admin(
      `/admin/matches/${pair.menteeId}/colleague-candidates?specialty=pediatrics`,
    )) as ColleagueCandidates;

    expect(found.primary).toEqual({ mentorId: pair.mentorId, matchId: expect.any(String) });
    expect(found.colleague).toBeNull();
    expect(found.candidates.map((candidate) => candidate.mentorId)).toEqual([colleagueId, otherId]);
    const [peds] = found.candidates;
    expect(peds).toMatchObject({ name: 'Ana Ruiz', eligible: true, hasSpecialty: true });
    expect(peds?.reasons[0]?.text).toBe(
      "The mentor's specialty, Pediatrics, is one the mentee is interested in",
    );
  });

  it('refuses a need left out, per field, and writes nothing', async () => {
    const answer = await refused(`/admin/matches/${pair.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need: '   ',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([{ path: 'need', message: 'need must not be empty.' }]);
    expect((await stored(colleagueId))?.status).toBe('under_review');
  });

  it('matches the colleague in one write: counted and matched, both histories, views marked secondary, the guard still the primary’s', async () => {
    const outcome = (await admin(`/admin/matches/${pair.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need,
      specialty: 'pediatrics',
    })) as { matchId: string; mentorStatus: string; primaryMentorId: string };
    matchId = outcome.matchId;
    expect(outcome).toMatchObject({ mentorStatus: 'matched', primaryMentorId: pair.mentorId });

    const colleague = await stored(colleagueId);
    expect(colleague).toMatchObject({ status: 'matched', matchCount: 1 });
    expect(colleague?.history.at(-1).changes).toEqual({
      status: { from: 'under_review', to: 'matched' },
      match: { event: 'colleague', with: pair.menteeId, need },
    });
    const mentee = await stored(pair.menteeId);
    expect(mentee?.status).toBe('matched');
    expect(mentee?.history.at(-1).changes).toEqual({
      match: { event: 'colleague', with: colleagueId, need },
    });
    expect(await item(matchingKeys.matchView(pair.menteeId, colleagueId))).toMatchObject({
      withRole: 'mentor',
      secondary: true,
      need,
      specialty: 'pediatrics',
      primaryMentorId: pair.mentorId,
      matchId,
    });
    expect(await item(matchingKeys.matchView(colleagueId, pair.menteeId))).toMatchObject({
      withRole: 'mentee',
      secondary: true,
      matchId,
    });
    for (const key of [
      matchingKeys.matchView(pair.menteeId, pair.mentorId),
      matchingKeys.matchView(pair.mentorId, pair.menteeId),
    ]) {
      expect((await item(key))?.colleague).toEqual({ mentorId: colleagueId, matchId });
    }
    expect((await item(matchingKeys.menteeMatched(pair.menteeId)))?.mentorId).toBe(pair.mentorId);
    // The application as staff read it lists both matches, the colleague's marked.
    const shown = (await admin(`/admin/submissions/${pair.menteeId}`)) as Submission;
    expect(shown.matches?.map((match) => [match.withId, match.secondary ?? false])).toEqual(
      expect.arrayContaining([
        [pair.mentorId, false],
        [colleagueId, true],
      ]),
    );
  });

  it('introduces the mentee and the colleague to each other once each, naming both mentors and the need; the primary mentor gets nothing', async () => {
    const [toMentee] = await eventually(
      () => colleagueIntroductions(emails.mentee),
      (found) => found.length > 0,
    );
    const [toColleague] = await eventually(
      () => colleagueIntroductions(emails.colleague),
      (found) => found.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await colleagueIntroductions(emails.mentee)).toHaveLength(1);
    expect(await colleagueIntroductions(emails.colleague)).toHaveLength(1);
    for (const email of [toMentee, toColleague]) {
      expect(email?.body.text).toContain(
        'Mentors: Wendy Coates (mentor) and Ana Ruiz (colleague).',
      );
      expect(email?.body.text).toContain(`${need} (Pediatrics)`);
      expect(email?.body.html).toContain(
        'Mentors: Wendy Coates (mentor) and Ana Ruiz (colleague).',
      );
    }
    expect(toMentee?.subject).toBe(
      'LACMA Mentoring Program: meet Ana Ruiz, a colleague beside your mentor Wendy Coates',
    );
    expect(toMentee?.body.text).toContain(emails.colleague);
    expect(toColleague?.body.text).toContain(emails.mentee);
    // The primary mentor's address goes to nobody new.
    expect(toColleague?.body.text).not.toContain(emails.primary);
    // The confirmation and the first introduction only.
    expect(await emailsTo(emails.primary)).toHaveLength(2);
  });

  it('refuses a second colleague, the same one again and the primary mentor, each saying why, and writes nothing', async () => {
    const post = (mentorId: string) =>
      refused(`/admin/matches/${pair.menteeId}/colleagues`, 'POST', { mentorId, need });
    expect(await post(otherId)).toMatchObject({
      status: 409,
      body: { error: 'has_colleague' },
    });
    expect(await post(colleagueId)).toMatchObject({
      status: 409,
      body: { error: 'already_colleague' },
    });
    expect(await post(pair.mentorId)).toMatchObject({
      status: 409,
      body: { error: 'primary_mentor' },
    });
    expect((await stored(otherId))?.status).toBe('under_review');
    expect(await item(matchingKeys.matchView(pair.menteeId, otherId))).toBeUndefined();
  });

  it('shows the colleague beside the primary match on the Matches page, and keeps check-ins between the mentee and the primary mentor', async () => {
    const { matches } = (await admin('/admin/matches')) as { matches: MatchHealthView[] };
    const listed = matches.find((match) => match.mentee.id === pair.menteeId);
    expect(listed?.mentor.id).toBe(pair.mentorId);
    expect(listed?.colleague).toMatchObject({
      matchId,
      need,
      person: { id: colleagueId, name: 'Ana Ruiz' },
    });

    expect(await runCheckInScheduler(tableName, pair.approvedAt, 31)).toMatchObject({ queued: 2 });
    const checkIns = (address: string) =>
      emailsTo(address).then((found) =>
        found.filter((email) => email.subject.endsWith('how is your mentoring going?')),
      );
    await eventually(
      () => checkIns(emails.primary),
      (found) => found.length > 0,
    );
    await eventually(
      () => checkIns(emails.mentee),
      (found) => found.length > 0,
    );
    expect(await checkIns(emails.colleague)).toEqual([]);
  });

  it('ends the colleague’s match with the primary one, in the same write', async () => {
    const outcome = await admin(`/admin/matching/matches/${pair.menteeId}/end`, 'POST', {
      reason: 'schedule',
      returnToPool: false,
    });
    expect(outcome).toMatchObject({
      mentorStatus: 'under_review',
      colleague: { mentorId: colleagueId, mentorStatus: 'under_review' },
    });
    expect(await stored(colleagueId)).toMatchObject({ status: 'under_review', matchCount: 0 });
    expect((await stored(colleagueId))?.history.at(-1).changes).toEqual({
      status: { from: 'matched', to: 'under_review' },
      match: { event: 'ended', with: pair.menteeId, secondary: true },
    });
    expect((await stored(pair.menteeId))?.status).toBe('under_review');
    const views = (id: string) =>
      partition(id).then((items) => items.filter((each) => String(each.sk).startsWith('MATCH#')));
    expect(await views(pair.menteeId)).toEqual([]);
    expect(await views(colleagueId)).toEqual([]);
    expect(await item(matchingKeys.menteeMatched(pair.menteeId))).toBeUndefined();
  });
});

describe('a colleague with no place left, and ending only a colleague', () => {
  const need = 'Research methods for a first paper';
  let first: { mentorId: string; menteeId: string };
  let second: { mentorId: string; menteeId: string };
  let colleagueId: string;
  const colleagueEmail = uniqueEmail('full-colleague');

  beforeAll(async () => {
    first = await matchedPair(gateway.url, tableName, admins, {
      mentor: uniqueEmail('full-primary-1'),
      mentee: uniqueEmail('full-mentee-1'),
    });
    second = await matchedPair(gateway.url, tableName, admins, {
      mentor: uniqueEmail('full-primary-2'),
      mentee: uniqueEmail('full-mentee-2'),
    });
    colleagueId = await aReviewedMentor({ email: colleagueEmail, capacity: 1 });
    await admin(`/admin/matches/${first.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need,
    });
  }, 90_000);

  it('refuses a colleague whose places are all taken, and writes nothing', async () => {
    // The stream's sender may still be delivering this mentee's introduction meanwhile: its
    // progress is not a write of this request, so an email counts by its key alone.
    const written = async () =>
      (await partition(second.menteeId)).map((each) =>
        String(each.sk).startsWith('EMAIL#') ? { pk: each.pk, sk: each.sk } : each,
      );
    const before = await written();
    const answer = await refused(`/admin/matches/${second.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need,
    });

    expect(answer).toMatchObject({ status: 409, body: { error: 'colleague_full' } });
    expect(await stored(colleagueId)).toMatchObject({ status: 'matched', matchCount: 1 });
    expect(await written()).toEqual(before);
    expect(await item(matchingKeys.matchView(colleagueId, second.menteeId))).toBeUndefined();
    // The candidates leave the full colleague out.
    const found = (await admin(
      `/admin/matches/${second.menteeId}/colleague-candidates`,
    )) as ColleagueCandidates;
    expect(found.candidates.map((candidate) => candidate.mentorId)).not.toContain(colleagueId);
  });

  it('ends only the colleague match: the colleague back under review, the mentee still with their mentor', async () => {
    const outcome = await admin(
      `/admin/matches/${first.menteeId}/colleagues/${colleagueId}`,
      'DELETE',
    );
    expect(outcome).toEqual({
      menteeId: first.menteeId,
      mentorId: colleagueId,
      mentorStatus: 'under_review',
    });
    expect(await stored(colleagueId)).toMatchObject({ status: 'under_review', matchCount: 0 });
    expect((await stored(first.menteeId))?.status).toBe('matched');
    expect(await item(matchingKeys.menteeMatched(first.menteeId))).toMatchObject({
      mentorId: first.mentorId,
    });
    expect(
      (await item(matchingKeys.matchView(first.mentorId, first.menteeId)))?.colleague,
    ).toBeUndefined();
    const again = await refused(
      `/admin/matches/${first.menteeId}/colleagues/${colleagueId}`,
      'DELETE',
    );
    expect(again).toMatchObject({ status: 404, body: { error: 'no_colleague' } });
  });

  it('erasing a colleague ends their colleague match and leaves the mentee with their mentor', async () => {
    await admin(`/admin/matches/${second.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need,
    });
    // Brought in again: a new match, introduced again (then erasing waits for no sender).
    await eventually(
      () => colleagueIntroductions(colleagueEmail),
      (found) => found.length === 2,
    );
    await admin(`/admin/submissions/${colleagueId}`, 'DELETE');

    expect((await stored(second.menteeId))?.status).toBe('matched');
    expect(await item(matchingKeys.matchView(second.menteeId, colleagueId))).toBeUndefined();
    expect(
      (await item(matchingKeys.matchView(second.menteeId, second.mentorId)))?.colleague,
    ).toBeUndefined();
    expect((await stored(second.menteeId))?.history.at(-1).changes.match).toEqual({
      event: 'ended',
      with: colleagueId,
      secondary: true,
    });
  });
});

describe('a primary mentor who leaves', () => {
  it('takes the colleague’s match with theirs when erased: the colleague counted down, the mentee back under review', async () => {
    const primaryEmail = uniqueEmail('leaving-primary');
    const pair = await matchedPair(gateway.url, tableName, admins, {
      mentor: primaryEmail,
      mentee: uniqueEmail('leaving-mentee'),
    });
    const colleagueId = await aReviewedMentor({ email: uniqueEmail('leaving-colleague') });
    await admin(`/admin/matches/${pair.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need: 'Interview practice',
    });
    // The primary mentor's introduction has gone: no sender holds one of their emails.
    await waitForEmails(primaryEmail, 2);

    await admin(`/admin/submissions/${pair.mentorId}`, 'DELETE');

    expect(await stored(colleagueId)).toMatchObject({ status: 'under_review', matchCount: 0 });
    expect((await stored(pair.menteeId))?.status).toBe('under_review');
    expect(
      (await partition(pair.menteeId)).filter((each) => String(each.sk).startsWith('MATCH#')),
    ).toEqual([]);
    expect(await item(matchingKeys.matchView(colleagueId, pair.menteeId))).toBeUndefined();
  });
});

// Last: its cycle takes in every application made after it.
describe('the end of the cycle', () => {
  it('completes the colleague’s match with the primary one: the colleague completed and asked to evaluate once', async () => {
    const now = Date.now();
    const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString();
    const cycle = (await admin('/admin/cycles', 'POST', {
      name: '2027 Mentoring Program',
      opensAt: toLosAngelesWallTime(day(-1)),
      closesAt: toLosAngelesWallTime(day(1)),
      startsOn: day(2).slice(0, 10),
      endsOn: day(120).slice(0, 10),
    })) as Cycle;
    const pair = await matchedPair(gateway.url, tableName, admins, {
      mentor: uniqueEmail('end-primary'),
      mentee: uniqueEmail('end-mentee'),
    });
    const colleagueId = await aReviewedMentor({ email: uniqueEmail('end-colleague') });
    await admin(`/admin/matches/${pair.menteeId}/colleagues`, 'POST', {
      mentorId: colleagueId,
      need: 'Preparing a research poster',
    });

    const completion = createCycleCompletionHandler({
      calendar: new DynamoDbCycleCalendar(documents(), tableName),
      completion: new DynamoDbCycleCompletion(documents(), tableName),
      now: () => cycleEndsAt(cycle) as Date,
    });
    await completion({} as never, lambdaContext('complete-cycles'));

    for (const id of [pair.menteeId, pair.mentorId, colleagueId]) {
      expect((await stored(id))?.status).toBe('completed');
    }
    expect(await stored(colleagueId)).toMatchObject({ matchCount: 0 });
    expect((await stored(colleagueId))?.history.at(-1).changes).toEqual({
      status: { from: 'matched', to: 'completed' },
      match: { event: 'completed', with: pair.menteeId, secondary: true },
    });
    for (const key of [
      matchingKeys.matchView(pair.menteeId, colleagueId),
      matchingKeys.matchView(colleagueId, pair.menteeId),
    ]) {
      expect((await item(key))?.completedAt).toEqual(expect.any(String));
    }
    expect(await item(itemKeys.email(colleagueId, `evaluation:${cycle.id}`))).toBeDefined();
    // Its outcomes count one match, completed, not two.
    const report = (await admin(`/admin/outcomes?cycle=${cycle.id}`)) as {
      matches: { made: number; completed: number; endedEarly: number };
    };
    expect(report.matches).toMatchObject({ made: 1, completed: 1, endedEarly: 0 });
  });
});
