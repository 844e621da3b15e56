import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../console/admin-api.js';
import {
  applyStatusChange,
  bulkSummary,
  gatherMatching,
  type ListedApplication,
} from '../../console/bulk-review.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import type {
  BulkStatusReport,
  BulkStatusResult,
} from '../../shared/review/bulk-status-contract.js';
import type { SubmissionPage } from '../../shared/review/staff-ports.js';
import { aMentorApplication } from '../support/builders.js';

const STATUSES = {
  received: 'Received',
  under_review: 'Under review',
  matched: 'Matched',
  waitlisted: 'Waitlisted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};
const application = mentorApplicationSchema.parse(aMentorApplication({ firstName: 'Wendy' }));

const aListed = (index: number): Submission => ({
  id: `ID${index}`,
  reference: `LM-${index}`,
  type: 'mentor',
  status: 'received',
  createdAt: '2026-03-20T17:00:00.000Z',
  application,
  confirmation: { state: 'sent', attempts: 1 },
  version: 1,
});

/** The list API over `total` applications, as pages of the limit asked, with the queries it heard. */
function listOf(total: number) {
  const queries: string[] = [];
  const list = async (query: URLSearchParams): Promise<SubmissionPage> => {
    queries.push(query.toString());
    const start = Number(query.get('cursor') ?? 0);
    const end = Math.min(total, start + Number(query.get('limit')));
    return {
      items: Array.from({ length: end - start }, (_, offset) => aListed(start + offset)),
      nextCursor: end < total ? String(end) : null,
    };
  };
  return { list, queries };
}

describe('Select all matching the filters', () => {
  it('pages through the list API a hundred at a time with the filters, and says when that is all', async () => {
    const { list, queries } = listOf(137);

    const found = await gatherMatching(list, new URLSearchParams('status=received&limit=25'));

    expect(found.more).toBe(false);
    expect(found.applications).toHaveLength(137);
    expect(found.applications[0]).toEqual({ id: 'ID0', reference: 'LM-0', name: 'Wendy Coates' });
    expect(queries).toEqual(['status=received&limit=100', 'status=received&limit=100&cursor=100']);
  });

  it('stops at 500 and says that more match', async () => {
    const { list, queries } = listOf(1200);

    const found = await gatherMatching(list, new URLSearchParams('type=mentee'));

    expect(found.applications).toHaveLength(500);
    expect(found.more).toBe(true);
    expect(queries).toHaveLength(5);
  });

  it('does not say more when exactly 500 match', async () => {
    expect((await gatherMatching(listOf(500).list, new URLSearchParams())).more).toBe(false);
  });
});

describe('Apply to the selected', () => {
  const reportOf = (results: BulkStatusResult[]): BulkStatusReport => ({
    status: 'under_review',
    results,
    counts: { changed: 0, skipped: 0, conflict: 0, not_found: 0, not_attempted: 0 },
  });

  it('sends again what the function had no time for, until each has an outcome, in the order chosen', async () => {
    const sent: string[][] = [];
    const send = async (ids: string[]) => {
      sent.push(ids);
      return reportOf(
        ids.map((id, index) =>
          index < 2
            ? { id, outcome: 'changed', from: 'received' }
            : { id, outcome: 'not_attempted', reason: 'out_of_time' },
        ),
      );
    };
    const heard: number[] = [];

    const results = await applyStatusChange(send, ['a', 'b', 'c', 'd', 'e'], (done) =>
      heard.push(done),
    );

    expect(sent).toEqual([['a', 'b', 'c', 'd', 'e'], ['c', 'd', 'e'], ['e']]);
    expect(heard).toEqual([2, 4, 5]);
    expect(results.map((result) => [result.id, result.outcome])).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((id) => [id, 'changed']),
    );
  });

  it('stops with a problem, not a loop, when a request changes none of those left', async () => {
    const stuck = async (ids: string[]) =>
      reportOf(ids.map((id) => ({ id, outcome: 'not_attempted', reason: 'out_of_time' })));

    await expect(applyStatusChange(stuck, ['a'], () => undefined)).rejects.toBeInstanceOf(
      ApiProblem,
    );
  });
});

describe('the summary of a bulk change', () => {
  const known = new Map<string, ListedApplication>(
    ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => [
      id,
      { id, reference: `LM-${id.toUpperCase()}`, name: `Person ${id}` },
    ]),
  );

  it('counts what changed, then groups what did not by its reason, naming each application', () => {
    const lines = bulkSummary(
      [
        { id: 'a', outcome: 'changed', from: 'received' },
        { id: 'b', outcome: 'changed', from: 'waitlisted' },
        {
          id: 'c',
          outcome: 'skipped',
          reason: 'already_in_status',
          currentStatus: 'under_review',
          message: '',
        },
        {
          id: 'd',
          outcome: 'skipped',
          reason: 'transition_not_allowed',
          currentStatus: 'withdrawn',
          message: '',
        },
        {
          id: 'e',
          outcome: 'skipped',
          reason: 'transition_not_allowed',
          currentStatus: 'withdrawn',
          message: '',
        },
        { id: 'f', outcome: 'conflict', reason: 'changed_meanwhile', message: '' },
        { id: 'gone', outcome: 'not_found' },
      ],
      'under_review',
      STATUSES,
      known,
    );

    expect(
      lines.map((line) => [line.text, line.applications.map((item) => item.reference)]),
    ).toEqual([
      ['Changed 2 of 7 applications to Under review.', []],
      ['Skipped 1: already Under review.', ['LM-C']],
      ['Skipped 2: they are Withdrawn, which cannot move to Under review.', ['LM-D', 'LM-E']],
      [
        'Not changed, 1 conflict: someone else changed it at the same time; open it to check, then try again.',
        ['LM-F'],
      ],
      ['Not found, 1: erased since the list was read.', ['gone']],
    ]);
  });

  it('says one changed of one in the singular', () => {
    expect(
      bulkSummary([{ id: 'a', outcome: 'changed', from: 'received' }], 'declined', STATUSES, known),
    ).toEqual([{ text: 'Changed 1 of 1 application to Declined.', applications: [] }]);
  });
});
