import { describe, expect, it } from 'vitest';
import { cycleEndsAt, isDueForCompletion } from '../../shared/applications/cycles.js';
import {
  evaluationLinkUrl,
  verifyEvaluationLink,
} from '../../shared/applications/evaluation-link.js';
import {
  signInvitationLink,
  verifyInvitationLink,
} from '../../shared/applications/invitation-link.js';
import type { EvaluationFacts } from '../../shared/applications/outbox.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { AuditEntry, Submission } from '../../shared/applications/submission.js';
import { renderEvaluationEmail } from '../../shared/email-delivery/emails/evaluation-email.js';
import { completeGroup, groupByMentor } from '../../shared/outcomes/cycle-completion.js';
import { readEvaluationForm } from '../../shared/outcomes/evaluation.js';
import { outcomesCsv } from '../../shared/outcomes/outcomes-csv.js';
import { type OutcomesPerson, outcomesReport } from '../../shared/outcomes/outcomes-report.js';
import { completionWrites } from '../../shared/outcomes/store/cycle-completion-store.js';
import { aMentorApplication } from '../support/builders.js';

const SECRET = 'a-test-secret-of-enough-length';
const MENTEE = '01J00000000000000000000001';
const MENTOR = '01J00000000000000000000002';
const CYCLE = {
  id: 'cycle-2027',
  name: '2027 Mentoring Program',
  opensAt: '2027-01-05T17:00:00.000Z',
  closesAt: '2027-02-01T08:00:00.000Z',
  endsOn: '2027-12-31',
  version: 1,
};
const staff = { sub: 'ada', email: 'ada@ladocs.example' };

describe('when a cycle ends', () => {
  it('is midnight after its last day in Los Angeles, in winter and in summer time', () => {
    expect(cycleEndsAt(CYCLE)?.toISOString()).toBe('2028-01-01T08:00:00.000Z');
    expect(cycleEndsAt({ endsOn: '2027-06-30' })?.toISOString()).toBe('2027-07-01T07:00:00.000Z');
    expect(cycleEndsAt({})).toBeUndefined();
  });

  it('is due for completion from then on, until it is completed', () => {
    expect(isDueForCompletion(CYCLE, new Date('2028-01-01T07:59:59.000Z'))).toBe(false);
    expect(isDueForCompletion(CYCLE, new Date('2028-01-01T08:00:00.000Z'))).toBe(true);
    expect(
      isDueForCompletion(
        { ...CYCLE, completedAt: '2028-01-01T08:10:00.000Z' },
        new Date('2028-02-01T00:00:00.000Z'),
      ),
    ).toBe(false);
    const { endsOn: _none, ...open } = CYCLE;
    expect(isDueForCompletion(open, new Date('2030-01-01T00:00:00.000Z'))).toBe(false);
  });
});

describe('completing a mentor’s matches', () => {
  const at = new Date('2028-01-01T08:05:00.000Z');

  it('completes each mentee and the mentor when none is left, each asked once', () => {
    const [group] = groupByMentor(
      [
        { menteeId: 'mentee-1', mentorId: MENTOR },
        { menteeId: 'mentee-2', mentorId: MENTOR },
      ],
      new Map([[MENTOR, 2]]),
    );
    const plan = completeGroup(group as never, CYCLE, at, staff);
    expect(plan.mentees.map((side) => [side.id, side.to, side.evaluation?.kind])).toEqual([
      ['mentee-1', 'completed', 'evaluation:cycle-2027'],
      ['mentee-2', 'completed', 'evaluation:cycle-2027'],
    ]);
    expect(plan.mentor).toMatchObject({ to: 'completed', fromCount: 2, toCount: 0 });
    expect(plan.mentor.evaluation?.evaluation).toEqual({
      cycleId: 'cycle-2027',
      cycleName: '2027 Mentoring Program',
      role: 'mentor',
      completedAt: at.toISOString(),
      answerableUntil: '2028-01-31T08:05:00.000Z',
    });
    // Only the mentor's last entry moves their status.
    expect(plan.mentor.entries.map((entry) => entry.changes.status)).toEqual([
      undefined,
      { from: 'matched', to: 'completed' },
    ]);
  });

  it('keeps a mentor matched, and unasked, while a mentee from elsewhere is still in place', () => {
    const plan = completeGroup(
      { mentorId: MENTOR, matchCount: 3, menteeIds: ['mentee-1'] },
      CYCLE,
      at,
      staff,
    );
    expect(plan.mentor).toMatchObject({ to: 'matched', fromCount: 3, toCount: 2 });
    expect(plan.mentor.evaluation).toBeUndefined();
    expect(plan.mentor.entries).toEqual([
      {
        at: at.toISOString(),
        by: staff,
        changes: { match: { event: 'completed', with: 'mentee-1' } },
      },
    ]);
  });
});

describe('completing a mentor’s matches with colleagues beside them', () => {
  const at = new Date('2028-01-01T08:05:00.000Z');

  it('completes each colleague match with its mentee’s, a colleague of two moved once, and asks the colleague once none is left', () => {
    const [group] = groupByMentor(
      [
        { menteeId: 'mentee-1', mentorId: MENTOR, colleagueId: 'colleague' },
        { menteeId: 'mentee-2', mentorId: MENTOR, colleagueId: 'colleague' },
      ],
      new Map([
        [MENTOR, 2],
        ['colleague', 3],
      ]),
    );
    expect(group?.colleagues).toEqual([
      { mentorId: 'colleague', matchCount: 3, menteeIds: ['mentee-1', 'mentee-2'] },
    ]);
    const plan = completeGroup(group as never, CYCLE, at, staff);
    // A mentee of their own elsewhere: the colleague stays matched, not yet asked.
    expect(plan.colleagues).toMatchObject([
      {
        id: 'colleague',
        to: 'matched',
        fromCount: 3,
        toCount: 1,
        menteeIds: ['mentee-1', 'mentee-2'],
      },
    ]);
    expect(plan.colleagues[0]?.evaluation).toBeUndefined();
    expect(plan.colleagues[0]?.entries.map((entry) => entry.changes.match)).toEqual([
      { event: 'completed', with: 'mentee-1', secondary: true },
      { event: 'completed', with: 'mentee-2', secondary: true },
    ]);
    expect(plan.mentees[0]?.entries.map((entry) => entry.changes)).toEqual([
      { status: { from: 'matched', to: 'completed' }, match: { event: 'completed', with: MENTOR } },
      { match: { event: 'completed', with: 'colleague', secondary: true } },
    ]);
    const writes = completionWrites(plan);
    // One write per item: a transaction may touch an item once.
    const keys = writes.map((write) => {
      const { Key, Item } = (Object.values(write)[0] ?? {}) as {
        Key?: { pk: string; sk: string };
        Item?: { pk: string; sk: string };
      };
      const { pk, sk } = Key ?? Item ?? { pk: '', sk: '' };
      return `${pk} ${sk}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      writes
        .filter((write) => write.Update?.Key?.sk === 'MATCH#colleague')
        .map((w) => w.Update?.Key?.pk),
    ).toEqual(['APPLICATION#mentee-1', 'APPLICATION#mentee-2']);
  });

  it('completes a colleague whose last match it was, with an evaluation', () => {
    const plan = completeGroup(
      {
        mentorId: MENTOR,
        matchCount: 1,
        menteeIds: ['mentee-1'],
        colleagues: [{ mentorId: 'colleague', matchCount: 1, menteeIds: ['mentee-1'] }],
      },
      CYCLE,
      at,
      staff,
    );
    expect(plan.colleagues[0]).toMatchObject({ to: 'completed', toCount: 0 });
    expect(plan.colleagues[0]?.evaluation?.kind).toBe('evaluation:cycle-2027');
  });
});

describe('evaluation links', () => {
  const facts: EvaluationFacts = {
    cycleId: 'cycle-2027',
    cycleName: '2027 Mentoring Program',
    role: 'mentee',
    completedAt: '2028-01-01T08:05:00.000Z',
    answerableUntil: '2028-01-31T08:05:00.000Z',
  };

  it('name the application and cycle until the evaluation closes, and refuse any change', () => {
    const url = evaluationLinkUrl('https://api.example/', SECRET, MENTEE, facts);
    expect(url.startsWith('https://api.example/evaluation?token=')).toBe(true);
    const token = String(new URL(url).searchParams.get('token'));
    const before = new Date('2028-01-10T00:00:00.000Z');
    expect(verifyEvaluationLink(SECRET, token, before)).toEqual({
      applicationId: MENTEE,
      cycleId: 'cycle-2027',
      expiresAt: new Date(facts.answerableUntil),
    });
    expect(verifyEvaluationLink(SECRET, token, new Date(facts.answerableUntil))).toBe('expired');
    expect(verifyEvaluationLink(SECRET, token.replace('cycle-2027', 'cycle-2028'), before)).toBe(
      'forged',
    );
    expect(verifyEvaluationLink(SECRET, token.slice(0, 30), before)).toBe('malformed');
  });

  it('never pass for an invitation under the same key, nor an invitation for them', () => {
    const expiresAt = new Date(facts.answerableUntil);
    const invitation = signInvitationLink(SECRET, {
      applicationId: MENTEE,
      cycleId: 'cycle-2027',
      expiresAt,
    });
    const before = new Date('2028-01-10T00:00:00.000Z');
    expect(verifyEvaluationLink(SECRET, invitation, before)).toBe('forged');
    const evaluation = String(
      new URL(evaluationLinkUrl('https://x', SECRET, MENTEE, facts)).searchParams.get('token'),
    );
    expect(verifyInvitationLink(SECRET, evaluation, before)).toBe('forged');
  });
});

describe('the evaluation form', () => {
  const now = new Date('2028-01-05T00:00:00.000Z');

  it('asks a mentee whether they would recommend their mentor, and a mentor about the letter', () => {
    expect(readEvaluationForm('mentee', { takePartAgain: 'yes' }, now)).toEqual({
      problems: [
        { field: 'recommendMentor', message: 'Say whether you would recommend your mentor.' },
      ],
    });
    expect(readEvaluationForm('mentor', { takePartAgain: 'yes' }, now)).toEqual({
      problems: [
        {
          field: 'letterByEmail',
          message: 'Say whether we may email you a letter of recognition.',
        },
      ],
    });
  });

  it('takes one choice or several, drops repeats, and refuses a choice it does not offer', () => {
    const one = readEvaluationForm(
      'mentor',
      { takePartAgain: 'maybe', gained: 'giving_back', letterByEmail: 'no', note: '  ' },
      now,
    );
    expect(one).toEqual({
      evaluation: {
        role: 'mentor',
        takePartAgain: 'maybe',
        gained: ['giving_back'],
        letterByEmail: false,
        answeredAt: now.toISOString(),
      },
    });
    const several = readEvaluationForm(
      'mentee',
      {
        takePartAgain: 'no',
        gained: ['research', 'research', 'connections'],
        recommendMentor: 'yes',
        note: ' More evenings. ',
      },
      now,
    );
    expect(several).toMatchObject({
      evaluation: {
        gained: ['research', 'connections'],
        recommendMentor: true,
        note: 'More evenings.',
      },
    });
    expect(
      readEvaluationForm(
        'mentee',
        { takePartAgain: 'yes', recommendMentor: 'no', gained: ['fame'] },
        now,
      ),
    ).toEqual({ problems: [{ field: 'gained', message: 'Choose from the listed answers.' }] });
    expect(
      readEvaluationForm(
        'mentee',
        { takePartAgain: 'often', recommendMentor: 'yes', note: 'x'.repeat(501) },
        now,
      ),
    ).toEqual({
      problems: [
        { field: 'takePartAgain', message: 'Say whether you would take part again.' },
        { field: 'note', message: 'Keep the note to 500 characters or fewer.' },
      ],
    });
  });
});

describe('the evaluation email', () => {
  const submission: Submission = {
    id: MENTOR,
    reference: 'LM-TEST-0002',
    type: 'mentor',
    status: 'completed',
    createdAt: '2027-01-20T00:00:00.000Z',
    application: mentorApplicationSchema.parse(
      aMentorApplication({ firstName: 'Ada', statement: 'A private statement.' }),
    ),
    confirmation: { state: 'sent', attempts: 1 },
    version: 5,
  };
  const program = { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.example' };
  const facts: EvaluationFacts = {
    cycleId: 'cycle-2027',
    cycleName: '2027 <Mentoring> Program',
    role: 'mentor',
    completedAt: '2028-01-01T08:05:00.000Z',
    answerableUntil: '2028-01-31T08:05:00.000Z',
  };

  it('thanks the mentor, links once (escaped), and echoes nothing of the application', () => {
    const email = renderEvaluationEmail(
      submission,
      facts,
      program,
      'https://api.example/evaluation?token=a&b',
    );
    expect(email.subject).toBe('LACMA Mentoring Program: how was your year?');
    expect(email.text).toContain('Thank you for giving your time and experience as a mentor.');
    expect(email.text).toContain('Answer here: https://api.example/evaluation?token=a&b');
    expect(email.html).toContain('href="https://api.example/evaluation?token=a&amp;b"');
    expect(email.html).toContain('2027 &lt;Mentoring> Program has ended');
    expect(`${email.text}${email.html}`).not.toContain('private statement');
  });

  it('asks for a reply when there is no public address to link to', () => {
    const email = renderEvaluationEmail(submission, facts, program, undefined);
    expect(email.text).toContain('Reply to this email to tell us.');
    expect(email.html).not.toContain('href="http');
  });
});

describe('the outcomes report', () => {
  const entry = (event: 'approved' | 'ended' | 'completed', reason?: string): AuditEntry => ({
    at: '2027-05-01T00:00:00.000Z',
    by: staff,
    changes: { match: { event, with: 'x', ...(reason ? { reason: reason as 'fit' } : {}) } },
  });
  const person = (overrides: Partial<OutcomesPerson>): OutcomesPerson => ({
    id: 'id',
    reference: 'LM-1',
    type: 'mentee',
    status: 'completed',
    name: 'A Person',
    history: [],
    checkInsSent: [],
    checkIns: [],
    matchCount: 0,
    evaluationAsked: false,
    ...overrides,
  });
  const people = [
    person({
      id: 'm1',
      history: [entry('approved'), entry('ended', 'fit'), entry('approved'), entry('completed')],
      checkInsSent: [
        { matchId: 'a', number: 1 },
        { matchId: 'b', number: 1 },
        { matchId: 'b', number: 2 },
      ],
      checkIns: [
        { matchId: 'a', number: 1, rating: 2, meetings: 0 },
        { matchId: 'b', number: 1, rating: 4, meetings: 1 },
      ],
      evaluationAsked: true,
      evaluation: {
        role: 'mentee',
        takePartAgain: 'yes',
        gained: ['research'],
        recommendMentor: true,
        answeredAt: '2028-01-02T00:00:00.000Z',
      },
    }),
    person({ id: 'm2', status: 'under_review', history: [entry('approved'), entry('ended')] }),
    person({
      id: 'mentor-1',
      type: 'mentor',
      name: '=HYPERLINK("x")',
      reference: 'LM-9',
      matchCount: 1,
      checkInsSent: [{ matchId: 'b', number: 1 }],
      checkIns: [
        { matchId: 'b', number: 1, rating: 5, meetings: 2 },
        { matchId: 'b', number: 2, rating: 3, meetings: 4 },
      ],
      evaluationAsked: true,
    }),
  ];

  it('counts matches, endings by cause, response rates, ratings, meetings and evaluations', () => {
    const report = outcomesReport(CYCLE, people);
    expect(report.matches).toMatchObject({ made: 3, inPlace: 0, completed: 1, endedEarly: 2 });
    expect(
      report.matches.endedEarlyBy.filter((each) => each.matches > 0).map((each) => each.cause),
    ).toEqual(['fit', 'left']);
    expect(report.checkIns).toEqual([
      { number: 1, asked: 3, answered: 3, responseRate: 1 },
      // The mentor answered check-in 2 with no email recorded as sent: the answer counts.
      { number: 2, asked: 2, answered: 1, responseRate: 0.5 },
    ]);
    expect(report.ratings[0]).toEqual({
      number: 1,
      mentees: { answers: 2, average: 3 },
      mentors: { answers: 1, average: 5 },
    });
    expect(report.ratings[1]?.mentees).toEqual({ answers: 0, average: null });
    // Meetings are cumulative: the highest count per match.
    expect(report.mentorMeetings).toEqual([
      { mentorId: 'mentor-1', reference: 'LM-9', name: '=HYPERLINK("x")', mentees: 1, meetings: 4 },
    ]);
    expect(report.evaluations).toMatchObject({ asked: 2, answered: 1, responseRate: 0.5 });
    expect(report.evaluations.gained.find((each) => each.gain === 'research')?.people).toBe(1);
  });

  it('says nothing rather than 0 % where there was nothing to count', () => {
    const report = outcomesReport(null, []);
    expect(report.checkIns).toEqual([]);
    expect(report.evaluations.responseRate).toBeNull();
    expect(outcomesCsv(report)).toContain('evaluations,answered,0,0,\r\n');
  });

  it('writes a CSV where a name that looks like a formula stays text', () => {
    const csv = outcomesCsv(outcomesReport(CYCLE, people));
    expect(csv.startsWith('\uFEFFsection,measure,value,of,share\r\n')).toBe(true);
    expect(csv).toContain('mentor meetings,"\'=HYPERLINK(""x"") (LM-9)",4,1 mentee,\r\n');
    expect(csv).toContain('ended early,Not a good fit,1,2,50%\r\n');
    expect(csv).toContain('average rating,"check-in 1, mentees",3.00,2,\r\n');
  });
});
