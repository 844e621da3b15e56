import { describe, expect, it } from 'vitest';
import type { Actor, MatchView, Submission } from '../../shared/applications/submission.js';
import {
  endingOutcome,
  leavesMentorOut,
  leavingMatches,
  type MatchEndingRequest,
  type OtherSide,
  staffEndsMatch,
} from '../../shared/matching/match-ending.js';

const at = '2026-05-04T17:00:00.000Z';
const staff: Actor = { sub: 'staff-1', email: 'staff-1@ladocs.org' };

const aMatch = (withId: string, withRole: 'mentor' | 'mentee'): MatchView => ({
  withId,
  withRole,
  approvedAt: '2026-04-01T17:00:00.000Z',
  approvedBy: staff,
  score: 80,
  runId: 'run-1',
  matchId: `match-${withId}`,
});

const leaving = (
  type: Submission['type'],
  matches: MatchView[],
): Pick<Submission, 'id' | 'type' | 'matches'> => ({ id: 'LEAVER', type, matches });

const sides = (entries: Array<[string, OtherSide]>) => new Map(entries);

describe('ending the matches of an application that leaves', () => {
  it('a mentee leaving sends a mentor with no other mentee back to review', () => {
    const plan = leavingMatches(
      leaving('mentee', [aMatch('MENTOR', 'mentor')]),
      sides([['MENTOR', { status: 'matched', matchCount: 1, reference: 'LM-1111-1111' }]]),
      at,
      staff,
    );

    expect(plan.pairs).toEqual([
      {
        menteeId: 'LEAVER',
        mentorId: 'MENTOR',
        sides: [
          {
            side: { id: 'MENTOR', role: 'mentor', count: 1 },
            entry: {
              at,
              by: staff,
              changes: {
                status: { from: 'matched', to: 'under_review' },
                match: { event: 'ended', with: 'LEAVER' },
              },
            },
          },
        ],
      },
    ]);
    expect(plan.ended).toEqual([
      {
        withId: 'MENTOR',
        withReference: 'LM-1111-1111',
        withRole: 'mentor',
        nowStatus: 'under_review',
      },
    ]);
  });

  it('a mentor with two or more mentees stays matched, the count conditioned on what was read', () => {
    const plan = leavingMatches(
      leaving('mentee', [aMatch('MENTOR', 'mentor')]),
      sides([['MENTOR', { status: 'matched', matchCount: 3, reference: 'LM-1111-1111' }]]),
      at,
      staff,
    );

    const [side] = plan.pairs[0]?.sides ?? [];
    expect(side?.side).toEqual({ id: 'MENTOR', role: 'mentor', count: 3 });
    // No status change in the history: only the match ended.
    expect(side?.entry.changes).toEqual({ match: { event: 'ended', with: 'LEAVER' } });
    expect(plan.ended[0]?.nowStatus).toBe('matched');
  });

  it('a mentor whose count was never written counts as this one match', () => {
    const plan = leavingMatches(
      leaving('mentee', [aMatch('MENTOR', 'mentor')]),
      sides([['MENTOR', { status: 'matched', reference: 'LM-1111-1111' }]]),
      at,
      staff,
    );

    expect(plan.pairs[0]?.sides[0]?.side).toEqual({ id: 'MENTOR', role: 'mentor', count: 1 });
    expect(plan.ended[0]?.nowStatus).toBe('under_review');
  });

  it('a mentor leaving sends each of their mentees back to review, pair by pair in order', () => {
    const plan = leavingMatches(
      { ...leaving('mentor', [aMatch('E1', 'mentee'), aMatch('E2', 'mentee')]) },
      sides([
        ['E1', { status: 'matched', reference: 'LM-0000-0001' }],
        ['E2', { status: 'matched', reference: 'LM-0000-0002' }],
      ]),
      at,
      staff,
    );

    expect(plan.pairs.map((pair) => [pair.menteeId, pair.mentorId])).toEqual([
      ['E1', 'LEAVER'],
      ['E2', 'LEAVER'],
    ]);
    expect(plan.pairs.map((pair) => pair.sides.map((side) => side.side))).toEqual([
      [{ id: 'E1', role: 'mentee' }],
      [{ id: 'E2', role: 'mentee' }],
    ]);
    expect(plan.ended.map((ended) => [ended.withReference, ended.nowStatus])).toEqual([
      ['LM-0000-0001', 'under_review'],
      ['LM-0000-0002', 'under_review'],
    ]);
  });

  it('skips an other side that is no longer matched, or gone: that match has ended already', () => {
    const plan = leavingMatches(
      leaving('mentor', [aMatch('E1', 'mentee'), aMatch('E2', 'mentee'), aMatch('E3', 'mentee')]),
      sides([
        ['E1', { status: 'under_review', reference: 'LM-0000-0001' }],
        ['E3', { status: 'matched', reference: 'LM-0000-0003' }],
      ]),
      at,
      staff,
    );

    expect(plan.pairs.map((pair) => pair.menteeId)).toEqual(['E3']);
    expect(plan.ended.map((ended) => ended.withId)).toEqual(['E3']);
  });

  it('plans nothing for an application without matches', () => {
    expect(leavingMatches(leaving('mentee', []), new Map(), at, staff)).toEqual({
      pairs: [],
      ended: [],
    });
    expect(leavingMatches({ id: 'X', type: 'mentor' }, new Map(), at, staff).pairs).toEqual([]);
  });
});

describe('staff ending a match', () => {
  const bare: MatchEndingRequest = { reason: 'schedule', returnToPool: false };

  it('moves the mentee, then the mentor, each with an entry naming the other and the reason', () => {
    const [ending, colleague] = staffEndsMatch('MENTEE', 'MENTOR', 1, at, staff, bare);

    expect(colleague).toBeUndefined();
    if (!ending) throw new Error('No ending planned');
    expect(ending.menteeId).toBe('MENTEE');
    expect(ending.mentorId).toBe('MENTOR');
    expect(ending.sides).toEqual([
      {
        side: { id: 'MENTEE', role: 'mentee' },
        entry: {
          at,
          by: staff,
          changes: {
            status: { from: 'matched', to: 'under_review' },
            match: { event: 'ended', with: 'MENTOR', reason: 'schedule' },
          },
        },
      },
      {
        side: { id: 'MENTOR', role: 'mentor', count: 1 },
        entry: {
          at,
          by: staff,
          changes: {
            status: { from: 'matched', to: 'under_review' },
            match: { event: 'ended', with: 'MENTEE', reason: 'schedule' },
          },
        },
      },
    ]);
  });

  it('leaves a mentor with other mentees matched', () => {
    const [, mentor] = staffEndsMatch('MENTEE', 'MENTOR', 2, at, staff, bare)[0]?.sides ?? [];
    expect(mentor?.entry.changes).toEqual({
      match: { event: 'ended', with: 'MENTEE', reason: 'schedule' },
    });
    expect(endingOutcome(staffEndsMatch('MENTEE', 'MENTOR', 2, at, staff, bare), bare)).toEqual({
      menteeId: 'MENTEE',
      mentorId: 'MENTOR',
      reason: 'schedule',
      returnedToPool: false,
      mentorExcluded: false,
      mentorStatus: 'matched',
    });
  });

  it('returning the mentee to the pool gives them priority and leaves this mentor out for them, said in both histories', () => {
    const request: MatchEndingRequest = { reason: 'goals_changed', returnToPool: true };

    const endings = staffEndsMatch('MENTEE', 'MENTOR', 1, at, staff, request);

    const [mentee, mentor] = endings[0]?.sides ?? [];
    expect(mentee?.priority).toBe(true);
    expect(mentee?.excludes).toEqual({ mentorId: 'MENTOR', endedAt: at, reason: 'goals_changed' });
    expect(mentee?.entry.changes.match).toEqual({
      event: 'ended',
      with: 'MENTOR',
      reason: 'goals_changed',
      excluded: true,
      priority: true,
    });
    // The mentor gets neither priority nor an exclusion of their own; their entry says the
    // pair is left out, not that they have priority.
    expect(mentor?.priority).toBeUndefined();
    expect(mentor?.excludes).toBeUndefined();
    expect(mentor?.entry.changes.match).toEqual({
      event: 'ended',
      with: 'MENTEE',
      reason: 'goals_changed',
      excluded: true,
    });
    expect(endingOutcome(endings, request)).toMatchObject({
      returnedToPool: true,
      mentorExcluded: true,
      mentorStatus: 'under_review',
    });
  });

  it('keeps the note of an other reason in both entries', () => {
    const [ending] = staffEndsMatch('MENTEE', 'MENTOR', 1, at, staff, {
      reason: 'other',
      note: 'The mentor moved abroad',
      returnToPool: false,
    });

    expect(ending?.sides.map((side) => side.entry.note)).toEqual([
      'The mentor moved abroad',
      'The mentor moved abroad',
    ]);
    expect(ending?.sides[0]?.excludes).toBeUndefined();
  });

  it('not a good fit leaves the mentor out even when the mentee is not returned with priority', () => {
    const [ending] = staffEndsMatch('MENTEE', 'MENTOR', 1, at, staff, {
      reason: 'fit',
      returnToPool: false,
    });

    const [mentee] = ending?.sides ?? [];
    expect(mentee?.priority).toBeUndefined();
    expect(mentee?.excludes).toEqual({ mentorId: 'MENTOR', endedAt: at, reason: 'fit' });
    expect(mentee?.entry.changes.match).toEqual({
      event: 'ended',
      with: 'MENTOR',
      reason: 'fit',
      excluded: true,
    });
  });

  it.each([
    ['schedule', false, false],
    ['goals_changed', false, false],
    ['completed_early', false, false],
    ['other', false, false],
    ['fit', false, true],
    ['schedule', true, true],
    ['completed_early', true, true],
    ['fit', true, true],
  ] as const)('%s with returnToPool %s leaves the mentor out: %s', (reason, returnToPool, out) => {
    expect(leavesMentorOut({ reason, returnToPool })).toBe(out);
  });
});
