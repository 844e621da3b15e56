import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../console/admin-api.js';
import {
  type ApprovalProgress,
  approvalProgressText,
  approveAllPairs,
} from '../../console/approve-all.js';
import type { ApprovalReport } from '../../shared/matching/matching-ports.js';

const pair = (index: number) => ({ mentorId: `M${index}`, menteeId: `E${index}` });
const start = (total: number): ApprovalProgress => ({ outcomes: {}, total, remaining: total });

/** Answers as the API would for a run of `total` pairs, approving `perRequest` at a time. */
function apiApproving(total: number, perRequest: number) {
  let done = 0;
  let requests = 0;
  const approve = async (): Promise<ApprovalReport> => {
    requests++;
    const before = done;
    done = Math.min(total, done + perRequest);
    return {
      outcomes: Array.from({ length: done }, (_, index) => ({
        ...pair(index),
        outcome: index < before ? 'already_approved' : 'approved',
      })),
      remaining: total - done,
    };
  };
  return { approve, requests: () => requests };
}

describe('Approve all in the console', () => {
  it('asks again until nothing remains, telling the progress after each request', async () => {
    const api = apiApproving(300, 120);
    const heard: string[] = [];

    const progress = await approveAllPairs(api.approve, start(300), (next) =>
      heard.push(approvalProgressText(next, true)),
    );

    expect(api.requests()).toBe(3);
    expect(heard).toEqual([
      'Approved 120 of 300 pairs…',
      'Approved 240 of 300 pairs…',
      'Approved 300 of 300 pairs…',
    ]);
    // A pair approved by one request and read again by the next still says approved.
    expect(new Set(Object.values(progress.outcomes))).toEqual(new Set(['approved']));
    expect(approvalProgressText(progress, false)).toBe('Approved 300 of 300 pairs.');
  });

  it('stops with a problem, not a loop, when a request settles nothing more', async () => {
    const stuck = async (): Promise<ApprovalReport> => ({
      outcomes: [{ ...pair(0), outcome: 'approved' }],
      remaining: 1,
    });

    const attempt = approveAllPairs(stuck, start(2), () => undefined);

    await expect(attempt).rejects.toBeInstanceOf(ApiProblem);
    await expect(attempt).rejects.toThrow('1 pair keeps changing while we approve');
  });

  it('sums up refusals and what is left, in singular or plural', () => {
    const progress: ApprovalProgress = {
      total: 5,
      remaining: 1,
      outcomes: {
        'M0:E0': 'approved',
        'M1:E1': 'already_approved',
        'M2:E2': 'mentor_full',
        'M3:E3': 'not_in_pool',
      },
    };
    expect(approvalProgressText(progress, false)).toBe(
      'Approved 2 of 5 pairs. 2 were not approved; each row says why. 1 is still to do: Approve all again continues.',
    );
    expect(
      approvalProgressText(
        { total: 1, remaining: 0, outcomes: { 'M0:E0': 'mentee_taken' } },
        false,
      ),
    ).toBe('Approved 0 of 1 pair. 1 was not approved; its row says why.');
  });
});
