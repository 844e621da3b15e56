import { describe, expect, it } from 'vitest';
import { addressProblemText } from '../../console/address-problem.js';
import {
  type AddressProblem,
  type AddressProblems,
  addressesOf,
  addressProblemsByApplication,
} from '../../shared/applications/address-problems.js';
import type { Submission } from '../../shared/applications/submission.js';

function aSubmission(id: string, email: string): Submission {
  return {
    id,
    reference: `LACMA-${id}`,
    type: 'mentor',
    status: 'under_review',
    createdAt: '2026-11-01T17:00:00.000Z',
    application: { email } as Submission['application'],
    confirmation: { state: 'sent', attempts: 1 },
    version: 2,
  };
}

/** A suppression list in memory that counts its lookups and what each asked for. */
function listed(problems: Record<string, AddressProblem>) {
  const asked: string[][] = [];
  const lookup: AddressProblems = {
    find: async (addresses) => {
      asked.push([...addresses]);
      return new Map(
        addresses.flatMap((address) => {
          const problem = problems[address];
          return problem ? [[address, problem] as const] : [];
        }),
      );
    },
  };
  return { lookup, asked };
}

const BOUNCED: AddressProblem = { reason: 'bounced', since: '2026-12-03T18:30:00.000Z' };
const COMPLAINED: AddressProblem = { reason: 'complained', since: '2026-12-04T02:00:00.000Z' };

describe('address problems by application', () => {
  it('finds the address of each id asked for, leaving out ids with no application', () => {
    const submissions = [
      aSubmission('M1', 'one@example.org'),
      aSubmission('E1', 'two@example.org'),
    ];

    expect(addressesOf(['E1', 'GONE', 'M1', 'E1'], submissions)).toEqual(
      new Map([
        ['E1', 'two@example.org'],
        ['M1', 'one@example.org'],
      ]),
    );
  });

  it('asks once for every address, each once, and answers only the people with a problem', async () => {
    const { lookup, asked } = listed({
      'mentor@example.org': BOUNCED,
      'shared@example.org': COMPLAINED,
    });
    const addresses = new Map([
      ['M1', 'mentor@example.org'],
      ['E1', 'fine@example.org'],
      ['E2', 'shared@example.org'],
      ['E3', 'shared@example.org'],
    ]);

    const found = await addressProblemsByApplication(lookup, addresses);

    expect(found).toEqual({ M1: BOUNCED, E2: COMPLAINED, E3: COMPLAINED });
    expect(asked).toEqual([['mentor@example.org', 'fine@example.org', 'shared@example.org']]);
  });

  it('does not ask at all when there is nobody to check (a run without pairs)', async () => {
    const { lookup, asked } = listed({});

    expect(await addressProblemsByApplication(lookup, new Map())).toEqual({});
    expect(asked).toEqual([]);
  });
});

describe('what staff read about an address problem', () => {
  it('says a bounce on a pair in words, with the day in Los Angeles, and what it does to the introduction', () => {
    expect(addressProblemText('mentor', BOUNCED)).toBe(
      "The mentor's email bounced on Dec 3, 2026 (the address does not accept mail) — the introduction will not reach them.",
    );
  });

  it('says a complaint as what the person did, on the day it was in Los Angeles', () => {
    // 02:00 UTC on the 4th is the evening of the 3rd in Los Angeles.
    expect(addressProblemText('mentee', COMPLAINED)).toBe(
      'The mentee marked one of our emails as spam on Dec 3, 2026 (a complaint) — the introduction will not reach them.',
    );
  });

  it('on an application, says that no email reaches them, and leaves out a day it does not know', () => {
    expect(addressProblemText('applicant', { reason: 'bounced' })).toBe(
      "This applicant's email bounced (the address does not accept mail) — we no longer email this address, so introductions and other emails will not reach them.",
    );
  });
});
