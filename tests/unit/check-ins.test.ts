import { describe, expect, it } from 'vitest';
import {
  checkInLinkUrl,
  signCheckInLink,
  verifyCheckInLink,
} from '../../shared/applications/check-in-link.js';
import { signInvitationLink } from '../../shared/applications/invitation-link.js';
import { type CheckInFacts, checkInKind } from '../../shared/applications/outbox.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { type CheckInAnswer, readCheckInForm } from '../../shared/check-ins/check-in-answer.js';
import {
  checkInsOf,
  currentCheckIn,
  parseCheckInSchedule,
} from '../../shared/check-ins/check-in-schedule.js';
import { healthFlags } from '../../shared/check-ins/match-health.js';
import { type ActiveMatch, checkInEmailsDue } from '../../shared/check-ins/schedule-check-ins.js';
import { renderCheckInEmail } from '../../shared/email-delivery/emails/check-in-email.js';
import { aMentorApplication } from '../support/builders.js';

const DAY = 86_400_000;
const APPROVED = '2027-03-01T18:00:00.000Z';
const at = (days: number) => new Date(Date.parse(APPROVED) + days * DAY);
const SCHEDULE = [{ days: 30 }, { midCycle: true as const }];
const CYCLE = { startsOn: '2027-03-01', endsOn: '2027-12-31' };

describe('the check-in schedule', () => {
  it('reads days and mid-cycle, and names the first wrong entry', () => {
    expect(parseCheckInSchedule('30, mid-cycle')).toEqual(SCHEDULE);
    expect(parseCheckInSchedule('30,soon')).toBe(
      '"soon" is neither a number of days (1 to 999) nor mid-cycle.',
    );
    expect(parseCheckInSchedule(' , ')).toBe('Give at least one check-in, such as 30,mid-cycle.');
  });

  it('puts day 30 and halfway through the program in order, each open until the next', () => {
    const checkIns = checkInsOf(APPROVED, CYCLE, SCHEDULE);
    expect(checkIns).toEqual([
      {
        number: 1,
        of: 2,
        dueAt: at(30).toISOString(),
        answerableUntil: '2027-08-01T17:00:00.000Z',
      },
      {
        number: 2,
        of: 2,
        dueAt: '2027-08-01T17:00:00.000Z',
        answerableUntil: new Date(Date.parse('2027-08-01T17:00:00.000Z') + 60 * DAY).toISOString(),
      },
    ]);
    expect(currentCheckIn(checkIns, at(29))).toBeUndefined();
    expect(currentCheckIn(checkIns, at(31))?.number).toBe(1);
    expect(currentCheckIn(checkIns, new Date('2027-08-02T00:00:00Z'))?.number).toBe(2);
    expect(currentCheckIn(checkIns, new Date('2027-12-01T00:00:00Z'))).toBeUndefined();
  });

  it('leaves mid-cycle out without program dates, or when it falls before the match', () => {
    expect(checkInsOf(APPROVED, undefined, SCHEDULE).map((each) => each.dueAt)).toEqual([
      at(30).toISOString(),
    ]);
    const lateMatch = '2027-09-01T18:00:00.000Z';
    expect(checkInsOf(lateMatch, CYCLE, SCHEDULE)).toHaveLength(1);
  });
});

const side = (applicationId: string, emailKinds: string[] = [], answered: number[] = []) => ({
  applicationId,
  emailKinds: new Set(emailKinds),
  answered: new Set(answered),
});
const MENTEE = '01J00000000000000000000001';
const MENTOR = '01J00000000000000000000002';
const match = (mentee = side(MENTEE), mentor = side(MENTOR)): ActiveMatch => ({
  matchId: 'match-1',
  approvedAt: APPROVED,
  mentee,
  mentor,
});
const kindOf = (reminder: boolean) => checkInKind({ matchId: 'match-1', number: 1, reminder });

describe('which check-in emails are due', () => {
  it('sends each side the open check-in once, naming the other side for the match check', () => {
    const due = checkInEmailsDue(match(), undefined, SCHEDULE, at(31));
    expect(due.map((email) => [email.applicationId, email.kind, email.checkIn?.withId])).toEqual([
      [MENTEE, 'checkIn:match-1:1', MENTOR],
      [MENTOR, 'checkIn:match-1:1', MENTEE],
    ]);
    const sent = match(side(MENTEE, [kindOf(false)]), side(MENTOR, [kindOf(false)]));
    expect(checkInEmailsDue(sent, undefined, SCHEDULE, at(32))).toEqual([]);
  });

  it('reminds once, a week on, only whoever has not answered; nothing before the first is due', () => {
    const sent = match(side(MENTEE, [kindOf(false)], [1]), side(MENTOR, [kindOf(false)]));
    expect(checkInEmailsDue(sent, undefined, SCHEDULE, at(36))).toEqual([]);
    const reminders = checkInEmailsDue(sent, undefined, SCHEDULE, at(37));
    expect(reminders.map((email) => [email.applicationId, email.kind])).toEqual([
      [MENTOR, 'checkInReminder:match-1:1'],
    ]);
    const reminded = match(
      side(MENTEE, [kindOf(false)], [1]),
      side(MENTOR, [kindOf(false), kindOf(true)]),
    );
    expect(checkInEmailsDue(reminded, undefined, SCHEDULE, at(40))).toEqual([]);
    expect(checkInEmailsDue(match(), undefined, SCHEDULE, at(10))).toEqual([]);
  });
});

describe('a check-in’s answers, as the form posts them', () => {
  const NOW = new Date('2027-04-01T00:00:00Z');

  it('reads yes, the meetings, the rating, contact and a trimmed note', () => {
    expect(
      readCheckInForm(
        { met: 'yes', meetings: '3', rating: '4', contactStaff: 'no', note: '  All good.  ' },
        NOW,
      ),
    ).toEqual({
      answer: {
        met: true,
        meetings: 3,
        rating: 4,
        contactStaff: false,
        note: 'All good.',
        answeredAt: NOW.toISOString(),
      },
    });
    expect(readCheckInForm({ met: 'no', rating: '2', contactStaff: 'yes' }, NOW)).toMatchObject({
      answer: { met: false, meetings: 0, rating: 2, contactStaff: true },
    });
  });

  it('says per field what is missing or wrong', () => {
    const read = readCheckInForm({ met: 'yes', rating: '9', note: 'x'.repeat(501) }, NOW);
    expect('problems' in read && read.problems.map((each) => each.field).sort()).toEqual([
      'contactStaff',
      'note',
      'rating',
    ]);
    const noCount = readCheckInForm({ met: 'yes', rating: '3', contactStaff: 'no' }, NOW);
    expect(noCount).toEqual({
      problems: [
        { field: 'meetings', message: 'Say how many times you have met: a number from 1 to 99.' },
      ],
    });
  });
});

const SECRET = 'a-key-of-at-least-thirty-two-characters-for-tests';
const facts: CheckInFacts = {
  matchId: 'match-1',
  withId: MENTOR,
  number: 1,
  of: 2,
  dueAt: at(30).toISOString(),
  answerableUntil: at(150).toISOString(),
  reminder: false,
};

describe('check-in links', () => {
  it('name the application, match and check-in, until it closes; refuse any change', () => {
    const url = checkInLinkUrl('https://api.example', SECRET, MENTEE, facts);
    const token = String(new URL(url).searchParams.get('token'));
    expect(url.startsWith('https://api.example/check-in?token=')).toBe(true);
    expect(verifyCheckInLink(SECRET, token, at(31))).toEqual({
      applicationId: MENTEE,
      matchId: 'match-1',
      number: 1,
      expiresAt: at(150),
    });
    expect(verifyCheckInLink(SECRET, token, at(150))).toBe('expired');
    const [id, matchId, , seconds, signature] = token.split('.');
    expect(verifyCheckInLink(SECRET, `${id}.${matchId}.2.${seconds}.${signature}`, at(31))).toBe(
      'forged',
    );
    expect(verifyCheckInLink(`${SECRET}!`, token, at(31))).toBe('forged');
    expect(verifyCheckInLink(SECRET, token.slice(0, 20), at(31))).toBe('malformed');
  });

  it('never pass for an invitation link under the same key', () => {
    const invitation = signInvitationLink(SECRET, {
      applicationId: MENTEE,
      cycleId: 'match-1',
      expiresAt: at(150),
    });
    const [, , seconds, signature] = invitation.split('.');
    expect(verifyCheckInLink(SECRET, `${MENTEE}.match-1.1.${seconds}.${signature}`, at(31))).toBe(
      'forged',
    );
    expect(signCheckInLink(SECRET, { ...facts, applicationId: MENTEE, expiresAt: at(150) })).toBe(
      signCheckInLink(SECRET, { ...facts, applicationId: MENTEE, expiresAt: at(150) }),
    );
  });
});

describe('the check-in email', () => {
  const submission: Submission = {
    id: MENTEE,
    reference: 'LM-TEST-0001',
    type: 'mentor',
    status: 'matched',
    createdAt: '2027-01-20T00:00:00.000Z',
    application: mentorApplicationSchema.parse(
      aMentorApplication({ firstName: 'Ada', statement: 'A private statement.' }),
    ),
    confirmation: { state: 'sent', attempts: 1 },
    version: 3,
  };
  const program = { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.example' };

  it('asks with one escaped link, says who reads the answers, and echoes nothing', () => {
    const link = 'https://api.example/check-in?token=a&b=<c>';
    const email = renderCheckInEmail(submission, facts, program, link);
    expect(email.subject).toBe('LACMA Mentoring Program: how is your mentoring going?');
    expect(email.text).toContain(link);
    expect(email.text).toContain('the person you are matched with never sees them');
    expect(email.html).toContain('href="https://api.example/check-in?token=a&amp;b=&lt;c>"');
    expect(`${email.text}${email.html}`).not.toContain('private statement');
  });

  it('says it is a reminder when it is one', () => {
    const email = renderCheckInEmail(
      submission,
      { ...facts, reminder: true },
      program,
      'https://x',
    );
    expect(email.subject).toBe('LACMA Mentoring Program: a reminder, how is your mentoring going?');
    expect(email.text).toContain('A week ago we asked');
  });
});

describe('the health of a match', () => {
  const answer = (days: number, overrides: Partial<CheckInAnswer> = {}): CheckInAnswer => ({
    met: true,
    meetings: 2,
    rating: 4,
    contactStaff: false,
    answeredAt: at(days).toISOString(),
    ...overrides,
  });
  const record = (
    mentee: Array<[number, CheckInAnswer]>,
    mentor: Array<[number, CheckInAnswer]> = [],
    followUps: Array<{ at: string; by: string; note: string }> = [],
  ) => ({ approvedAt: APPROVED, mentee: new Map(mentee), mentor: new Map(mentor), followUps });
  const TWO = [{ days: 30 }, { days: 90 }];

  it('flags asked-for contact and a low rating from either side’s last answer', () => {
    const low = record([[1, answer(31, { rating: 2 })]], [[1, answer(32, { contactStaff: true })]]);
    expect(healthFlags(low, undefined, TWO, at(40))).toEqual(['contact_requested', 'low_rating']);
    const better = record([
      [1, answer(31, { rating: 1 })],
      [2, answer(91, { rating: 5 })],
    ]);
    expect(healthFlags(better, undefined, TWO, at(95))).toEqual([]);
  });

  it('flags not having met by day 30, and two check-ins nobody answered', () => {
    expect(healthFlags(record([]), undefined, TWO, at(29))).toEqual([]);
    expect(
      healthFlags(record([[1, answer(31, { met: false, meetings: 0 })]]), undefined, TWO, at(31)),
    ).toEqual(['not_met']);
    expect(healthFlags(record([]), undefined, TWO, at(151))).toEqual(['not_met', 'unanswered']);
  });

  it('clears what came before a follow-up, and raises what comes after it', () => {
    const followUp = { at: at(45).toISOString(), by: 'ada', note: 'Called; all fine.' };
    const seen = record([[1, answer(31, { met: false, rating: 2 })]], [], [followUp]);
    expect(healthFlags(seen, undefined, TWO, at(50))).toEqual([]);
    const later = record(
      [
        [1, answer(31)],
        [2, answer(92, { contactStaff: true })],
      ],
      [],
      [followUp],
    );
    expect(healthFlags(later, undefined, TWO, at(95))).toEqual(['contact_requested']);
  });
});
