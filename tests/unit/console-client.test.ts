import { describe, expect, it } from 'vitest';
import { formatAnswer } from '../../console/answers.js';
import { endedMatchSentence } from '../../console/ended-match.js';
import { letterOutcomeSentences } from '../../console/letter-outcomes.js';
import {
  effectiveFilters,
  exportQuery,
  formatLocation,
  listQuery,
  parseLocation,
  sectionOf,
} from '../../console/locations.js';
import { changesSince, describeChange } from '../../console/stale-edit.js';
import { carryOverSentence, invitationSentence } from '../../console/views/cycles-view.js';
import type { Submission } from '../../shared/applications/submission.js';
import { jsonForDataBlock } from '../../shared/review/console/console-page.js';
import { consoleSettings } from '../../shared/review/console/console-settings.js';

const settings = consoleSettings({
  authority: 'https://issuer.example/pool',
  clientId: 'client',
  logoutUrl: 'https://signin.example/logout',
});

describe('console locations', () => {
  it('reads and writes the list’s filters and an application in the fragment, round trip', () => {
    const list = {
      view: 'list' as const,
      filters: { q: 'núñez', type: 'mentor' as const, status: 'received', from: '2026-01-01' },
    };
    expect(parseLocation(formatLocation(list))).toEqual(list);
    expect(parseLocation('#/submissions/01J0ABCDEFGHJKMNPQRSTVWXYZ')).toEqual({
      view: 'submission',
      id: '01J0ABCDEFGHJKMNPQRSTVWXYZ',
    });
  });

  it('drops an unknown role and blank values, and reads anything else as the list', () => {
    expect(parseLocation('#/applications?type=admin&q=%20%20&status=received')).toEqual({
      view: 'list',
      filters: { status: 'received' },
    });
    expect(parseLocation('#/submissions/../../admin')).toEqual({ view: 'list', filters: {} });
  });

  it('opens on the dashboard, keeps the list’s older addresses working, and has a place for cycles', () => {
    for (const first of ['', '#', '#/', '#/dashboard']) {
      expect(parseLocation(first)).toEqual({ view: 'dashboard' });
    }
    expect(formatLocation({ view: 'dashboard' })).toBe('#/');
    // Bookmarks and links from before the dashboard came first.
    expect(parseLocation('#/?status=received&cycle=c1')).toEqual({
      view: 'list',
      filters: { status: 'received', cycle: 'c1' },
    });
    expect(formatLocation({ view: 'list', filters: {} })).toBe('#/applications');
    expect(parseLocation('#/applications')).toEqual({ view: 'list', filters: {} });
    expect(parseLocation(formatLocation({ view: 'cycles' }))).toEqual({ view: 'cycles' });
  });

  it('lists the current cycle unless the address names another, or all of them', () => {
    expect(effectiveFilters({ status: 'received' }, 'c2')).toEqual({
      status: 'received',
      cycle: 'c2',
    });
    expect(effectiveFilters({ cycle: 'c1' }, 'c2')).toEqual({ cycle: 'c1' });
    expect(effectiveFilters({ cycle: 'all', type: 'mentor' }, 'c2')).toEqual({ type: 'mentor' });
    expect(effectiveFilters({}, null)).toEqual({});
  });

  it('sends the search and page to the list, but only the filters to the export', () => {
    const filters = { q: 'ana', type: 'mentee' as const, cursor: 'abc', to: '2026-02-01' };
    expect(listQuery(filters, 25).toString()).toBe(
      'q=ana&type=mentee&to=2026-02-01&cursor=abc&limit=25',
    );
    expect(exportQuery(filters).toString()).toBe('type=mentee&to=2026-02-01');
  });
});

describe('a stale edit', () => {
  const base = {
    id: '01J0ABCDEFGHJKMNPQRSTVWXYZ',
    version: 1,
    status: 'received',
    history: [],
  } as unknown as Submission;

  it('names who changed what since the version being edited', () => {
    const current = {
      ...base,
      version: 3,
      status: 'declined',
      history: [
        {
          at: '2026-01-01T00:00:00Z',
          by: { sub: 'a', email: 'casey@ladocs.example' },
          changes: { status: { from: 'received', to: 'under_review' } },
        },
        {
          at: '2026-01-01T00:01:00Z',
          by: { sub: 'b' },
          changes: { status: { from: 'under_review', to: 'declined' }, notes: 'changed' },
        },
      ],
    } as unknown as Submission;

    expect(changesSince(base, current, settings.statuses)).toEqual([
      'casey@ladocs.example changed the status from Received to Under review',
      'another member of staff changed the status from Under review to Declined and changed the notes',
    ]);
  });

  it('still says something changed when the history shows nothing new', () => {
    expect(changesSince(base, { ...base, version: 2 }, settings.statuses)).toEqual([
      'someone else saved a change',
    ]);
  });
});

describe('answers as staff read them', () => {
  const field = (name: string) =>
    settings.roles.mentor.fields.find((candidate) => candidate.name === name) ?? {
      name,
      label: name,
      kind: 'text' as const,
    };

  it('shows choices by their labels, yes and no, and what was not given', () => {
    expect(formatAnswer(field('mentoringAreas'), ['career_planning', 'academic_medicine'])).toBe(
      'Career planning; Academic medicine and teaching',
    );
    expect(formatAnswer(field('lacmaMember'), false)).toBe('No');
    expect(formatAnswer(field('phone'), undefined)).toBe('Not given');
    expect(formatAnswer(field('statement'), '<b>as typed</b>')).toBe('<b>as typed</b>');
  });

  it('labels every answer of both forms from the schemas', () => {
    for (const role of Object.values(settings.roles)) {
      for (const each of role.fields) expect(each.label).not.toBe(each.name);
    }
  });
});

describe('the console page’s settings block', () => {
  it('cannot be closed by a value: no raw < and no line separators', () => {
    const block = jsonForDataBlock({ note: '</script><script>alert(1)</script>\u2028' });
    expect(block).not.toContain('<');
    expect(block).not.toContain('\u2028');
    expect(JSON.parse(block)).toEqual({ note: '</script><script>alert(1)</script>\u2028' });
  });
});

describe("history written by an applicant's own request", () => {
  const statuses = {
    received: 'Received',
    matched: 'Matched',
    under_review: 'Under review',
    withdrawn: 'Withdrawn',
  };

  it('names the applicant, not a member of staff, when they withdrew', () => {
    expect(
      describeChange(
        {
          at: '2026-12-01T00:00:00.000Z',
          by: { sub: 'applicant' },
          changes: { status: { from: 'received', to: 'withdrawn' } },
        },
        statuses,
      ),
    ).toBe('the applicant (from their link) changed the status from Received to Withdrawn');
  });

  it('tells the other side of a match that the match ended because the other applicant left', () => {
    expect(
      describeChange(
        {
          at: '2026-12-01T00:00:00.000Z',
          by: { sub: 'applicant' },
          changes: {
            status: { from: 'matched', to: 'under_review' },
            match: { event: 'ended', with: '01J00000000000000000000000' },
          },
        },
        statuses,
      ),
    ).toBe(
      'the match ended: the other applicant withdrew or deleted their application; back to Under review',
    );
    expect(
      describeChange(
        {
          at: '2026-12-01T00:00:00.000Z',
          by: { sub: 'uuid-of-staff', email: 'ada@ladocs.example' },
          changes: { match: { event: 'ended', with: '01J00000000000000000000000' } },
        },
        statuses,
      ),
    ).toBe('ada@ladocs.example ended the match');
  });

  it('quotes the note a bulk change kept with the entry', () => {
    expect(
      describeChange(
        {
          at: '2026-12-01T00:00:00.000Z',
          by: { sub: 'uuid-of-staff', email: 'casey@ladocs.example' },
          changes: { status: { from: 'received', to: 'under_review' } },
          note: 'Spring intake: first read',
        },
        statuses,
      ),
    ).toBe(
      'casey@ladocs.example changed the status from Received to Under review, noting “Spring intake: first read”',
    );
  });
});

describe('a match staff ended, as the console says it', () => {
  const statuses = { matched: 'Matched', under_review: 'Under review' };
  const by = { sub: 'uuid-of-staff', email: 'ada@ladocs.example' };
  const at = '2026-12-01T00:00:00.000Z';
  const mentorId = '01J00000000000000000000000';

  it('says the reason in words in the history, and what follows for the pair', () => {
    expect(
      describeChange(
        {
          at,
          by,
          changes: {
            status: { from: 'matched', to: 'under_review' },
            match: { event: 'ended', with: mentorId, reason: 'schedule' },
          },
        },
        statuses,
      ),
    ).toBe(
      'ada@ladocs.example changed the status from Matched to Under review and ended the match: schedule conflicts',
    );
    expect(
      describeChange(
        {
          at,
          by,
          changes: {
            status: { from: 'matched', to: 'under_review' },
            match: {
              event: 'ended',
              with: mentorId,
              reason: 'fit',
              excluded: true,
              priority: true,
            },
          },
        },
        statuses,
      ),
    ).toBe(
      'ada@ladocs.example changed the status from Matched to Under review and ended the match: not a good fit; back in the pool with priority for the next run, and the two will not be suggested together again',
    );
    expect(
      describeChange(
        {
          at,
          by,
          changes: { match: { event: 'ended', with: mentorId, reason: 'goals_changed' } },
        },
        statuses,
      ),
    ).toBe("ada@ladocs.example ended the match: the mentee's goals changed");
  });

  it('quotes the note of an other reason beside the reason', () => {
    expect(
      describeChange(
        {
          at,
          by,
          changes: { match: { event: 'ended', with: mentorId, reason: 'other', excluded: true } },
          note: 'Moved to Boston',
        },
        statuses,
      ),
    ).toBe(
      'ada@ladocs.example ended the match: other reason, noting “Moved to Boston”; the two will not be suggested together again',
    );
  });

  it('tells in the live region what became of each side', () => {
    expect(
      endedMatchSentence({
        menteeId: 'E',
        mentorId: 'M',
        reason: 'completed_early',
        returnedToPool: true,
        mentorExcluded: true,
        mentorStatus: 'matched',
      }),
    ).toBe(
      'The match has ended (completed early). The mentee is back under review with priority for the next matching run, and this mentor is left out for them. The mentor stays matched with their other mentees.',
    );
    expect(
      endedMatchSentence({
        menteeId: 'E',
        mentorId: 'M',
        reason: 'schedule',
        returnedToPool: false,
        mentorExcluded: false,
        mentorStatus: 'under_review',
      }),
    ).toBe(
      'The match has ended (schedule conflicts). The mentee is back under review. The mentor is back under review.',
    );
  });
});

describe('what the Cycles view says an action did', () => {
  const cycle = (id: string, name: string) =>
    ({ id, name, opensAt: '', closesAt: '', version: 1 }) as const;
  const thisYear = cycle('c2', '2027 Mentoring Program');
  const lastYear = cycle('c1', '2026 Mentoring Program');

  it('counts carried mentees and those changed meanwhile, or says there is no cycle before', () => {
    expect(carryOverSentence(thisYear, lastYear, { carried: 1, changedMeanwhile: 0 })).toBe(
      'Carried 1 waiting mentee of 2026 Mentoring Program into 2027 Mentoring Program, with priority in matching.',
    );
    expect(carryOverSentence(thisYear, lastYear, { carried: 3, changedMeanwhile: 2 })).toBe(
      'Carried 3 waiting mentees of 2026 Mentoring Program into 2027 Mentoring Program, with priority in matching; 2 were changed by someone meanwhile and stayed.',
    );
    expect(carryOverSentence(thisYear, undefined, { carried: 0, changedMeanwhile: 0 })).toBe(
      'There is no cycle before 2027 Mentoring Program to carry mentees over from.',
    );
  });

  it('counts invited mentors, and those invited before or who applied on their own', () => {
    expect(
      invitationSentence(thisYear, lastYear, { invited: 12, alreadyInvited: 3, alreadyApplied: 1 }),
    ).toBe(
      'Invited 12 mentors of 2026 Mentoring Program to take part in 2027 Mentoring Program; 3 had been invited already; 1 had applied on their own.',
    );
    expect(
      invitationSentence(thisYear, undefined, { invited: 0, alreadyInvited: 0, alreadyApplied: 0 }),
    ).toBe('There is no cycle before 2027 Mentoring Program to invite mentors from.');
  });
});

describe('a cycle’s letters of recognition in the console', () => {
  it('has an address of its own under the Cycles section', () => {
    const letters = { view: 'letters' as const, cycleId: 'cycle-2026' };
    expect(formatLocation(letters)).toBe('#/cycles/cycle-2026/letters');
    expect(parseLocation('#/cycles/cycle-2026/letters')).toEqual(letters);
    expect(sectionOf(letters)).toBe('cycles');
    // Not a cycle id: the list, as any unknown address.
    expect(parseLocation('#/cycles/a b/letters').view).toBe('list');
  });

  it('says what issuing did, naming the mentors left out and why', () => {
    const names: Record<string, string> = { a: 'José Núñez, MD', d: 'Raj Patel' };
    const sentences = letterOutcomeSentences(
      {
        results: [
          { id: 'a', outcome: 'issued', emailed: true },
          { id: 'b', outcome: 'issued', emailed: false },
          { id: 'c', outcome: 'already_issued', emailed: true },
          {
            id: 'd',
            outcome: 'not_eligible',
            reason: 'not_completed',
            message: 'This mentor has not completed the cycle.',
          },
          { id: 'e', outcome: 'not_attempted', reason: 'out_of_time' },
        ],
      },
      (id) => names[id] ?? id,
    );
    expect(sentences).toEqual([
      'Issued 2 letters, 1 of them emailed with the mentor’s consent.',
      '1 mentor had a letter already: nothing was issued or emailed again.',
      'No letter for Raj Patel: This mentor has not completed the cycle.',
      '1 mentor could not be reached in time: issue them again.',
    ]);
    expect(letterOutcomeSentences({ results: [{ id: 'a', outcome: 'emailed' }] }, String)).toEqual([
      'Emailed 1 letter issued before, the mentors having consented since.',
    ]);
  });
});
