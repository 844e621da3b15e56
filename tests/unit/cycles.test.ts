import { describe, expect, it } from 'vitest';
import {
  CLOSING_GRACE_MS,
  type Cycle,
  currentCycle,
  cycleProblem,
  intakeWindow,
  verdictOnPost,
} from '../../shared/applications/cycles.js';
import { windowNotice } from '../../shared/intake/pages/window-notice.js';
import {
  fromLosAngelesWallTime,
  toLosAngelesWallTime,
} from '../../shared/platform/text/los-angeles-time.js';
import { cycleDetailsSchema } from '../../shared/review/cycle-requests.js';

const cycle2027: Cycle = {
  id: 'c2027',
  name: '2027 Mentoring Program',
  opensAt: '2027-01-15T17:00:00.000Z',
  closesAt: '2027-02-15T08:00:00.000Z',
  matchingOn: '2027-03-01',
  startsOn: '2027-04-01',
  endsOn: '2028-03-31',
  version: 1,
};
const cycle2028: Cycle = {
  ...cycle2027,
  id: 'c2028',
  name: '2028 Mentoring Program',
  opensAt: '2028-01-15T17:00:00.000Z',
  closesAt: '2028-02-15T08:00:00.000Z',
};
const at = (iso: string) => new Date(iso);
const afterClose = (ms: number) => new Date(Date.parse(cycle2027.closesAt) + ms);

describe('the application window', () => {
  it('is always open with no cycle set up, so a new install needs no setup', () => {
    expect(intakeWindow([], at('2027-06-01T00:00:00Z'))).toEqual({ state: 'always' });
    expect(verdictOnPost([], at('2027-06-01T00:00:00Z'))).toEqual({ accepted: true });
  });

  it('takes posts inside a window, in that cycle, and says which window is next or last outside', () => {
    const cycles = [cycle2028, cycle2027];
    expect(verdictOnPost(cycles, at('2027-01-20T00:00:00Z'))).toEqual({
      accepted: true,
      cycle: cycle2027,
    });
    expect(intakeWindow(cycles, at('2027-01-01T00:00:00Z'))).toEqual({
      state: 'upcoming',
      cycle: cycle2027,
    });
    expect(intakeWindow(cycles, at('2027-06-01T00:00:00Z'))).toEqual({
      state: 'upcoming',
      cycle: cycle2028,
    });
    expect(intakeWindow(cycles, at('2029-01-01T00:00:00Z'))).toEqual({
      state: 'closed',
      cycle: cycle2028,
    });
    // The instant it opens is inside; the instant it closes is not.
    expect(verdictOnPost([cycle2027], at(cycle2027.opensAt)).accepted).toBe(true);
    expect(intakeWindow([cycle2027], at(cycle2027.closesAt)).state).toBe('closed');
  });

  it('takes a form opened before the close and sent within the grace, and nothing else after it', () => {
    const openedBefore = afterClose(-10 * 60_000);
    expect(verdictOnPost([cycle2027], afterClose(20 * 60_000), openedBefore)).toEqual({
      accepted: true,
      cycle: cycle2027,
    });
    expect(verdictOnPost([cycle2027], afterClose(CLOSING_GRACE_MS), openedBefore).accepted).toBe(
      true,
    );
    expect(
      verdictOnPost([cycle2027], afterClose(CLOSING_GRACE_MS + 1), openedBefore).accepted,
    ).toBe(false);
    // Opened after the close: refused at once.
    expect(verdictOnPost([cycle2027], afterClose(60_000), afterClose(1)).accepted).toBe(false);
    // Without the fill-time defence nothing says when the form was opened: the grace is given.
    expect(verdictOnPost([cycle2027], afterClose(60_000)).accepted).toBe(true);
  });

  it('defaults staff to the open cycle, else the last one opened, else the next', () => {
    const cycles = [cycle2027, cycle2028];
    expect(currentCycle(cycles, at('2026-12-01T00:00:00Z'))?.id).toBe('c2027');
    expect(currentCycle(cycles, at('2027-01-20T00:00:00Z'))?.id).toBe('c2027');
    expect(currentCycle(cycles, at('2027-09-01T00:00:00Z'))?.id).toBe('c2027');
    expect(currentCycle(cycles, at('2028-09-01T00:00:00Z'))?.id).toBe('c2028');
    expect(currentCycle([], at('2028-09-01T00:00:00Z'))).toBeUndefined();
  });

  it('tells an applicant when applications open, or that they closed and what happens next', () => {
    expect(windowNotice({ state: 'upcoming', cycle: cycle2027 })?.title).toBe(
      'Applications open on January 15, 2027 at 9:00 AM PST',
    );
    const closed = windowNotice({ state: 'closed', cycle: cycle2027 });
    expect(closed?.title).toBe('Applications for the 2027 Mentoring Program are closed');
    expect(closed?.text).toContain('matched with mentors on March 1, 2027');
    expect(closed?.text).toContain('runs from April 1, 2027 to March 31, 2028');
    expect(windowNotice({ state: 'open', cycle: cycle2027 })).toBeUndefined();
  });
});

describe('saving a cycle', () => {
  const details = (overrides: Partial<Cycle> = {}) => {
    const { id: _id, version: _version, ...rest } = { ...cycle2028, ...overrides };
    return rest;
  };

  it('refuses a window that closes before it opens, or overlaps another, naming the field', () => {
    expect(cycleProblem(details(), [cycle2027])).toBeUndefined();
    expect(cycleProblem(details({ closesAt: cycle2028.opensAt }), [])?.field).toBe('closesAt');
    expect(cycleProblem(details({ opensAt: '2027-02-01T00:00:00.000Z' }), [cycle2027])?.field).toBe(
      'opensAt',
    );
    // Opening inside another's grace overlaps too: a post must belong to one cycle.
    expect(
      cycleProblem(details({ opensAt: new Date(afterClose(CLOSING_GRACE_MS - 1)).toISOString() }), [
        cycle2027,
      ])?.field,
    ).toBe('opensAt');
    expect(cycleProblem(details({ name: cycle2027.name }), [cycle2027])?.field).toBe('name');
    expect(cycleProblem(details({ endsOn: '2028-01-01', startsOn: '2028-04-01' }), [])?.field).toBe(
      'endsOn',
    );
  });

  it('reads the dates an admin types as Los Angeles time, and says what is wrong per field', () => {
    const parsed = cycleDetailsSchema.safeParse({
      name: ' 2027 Mentoring Program ',
      opensAt: '2027-01-15T09:00',
      closesAt: '2027-07-15T17:00',
    });
    expect(parsed.success && parsed.data).toEqual({
      name: '2027 Mentoring Program',
      opensAt: '2027-01-15T17:00:00.000Z',
      closesAt: '2027-07-16T00:00:00.000Z',
    });
    const refused = cycleDetailsSchema.safeParse({
      name: '',
      opensAt: 'January 15',
      closesAt: '2027-02-30T10:00',
      matchingOn: 'soon',
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'closesAt',
      'matchingOn',
      'name',
      'opensAt',
    ]);
  });

  it('converts Los Angeles wall time both ways, across daylight saving', () => {
    expect(fromLosAngelesWallTime('2027-01-15T09:00')).toBe('2027-01-15T17:00:00.000Z');
    expect(fromLosAngelesWallTime('2027-07-01T00:00')).toBe('2027-07-01T07:00:00.000Z');
    // The repeated hour in November: the first of the two.
    expect(fromLosAngelesWallTime('2027-11-07T01:30')).toBe('2027-11-07T08:30:00.000Z');
    // The skipped hour in March does not exist: it moves an hour on.
    expect(fromLosAngelesWallTime('2027-03-14T02:30')).toBe('2027-03-14T10:30:00.000Z');
    expect(fromLosAngelesWallTime('2027-02-30T10:00')).toBeUndefined();
    expect(toLosAngelesWallTime('2027-07-01T07:00:00.000Z')).toBe('2027-07-01T00:00');
  });
});
