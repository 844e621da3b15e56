import { describe, expect, it } from 'vitest';
import {
  ALLOWED_TRANSITIONS,
  canMove,
  describeAllowedMoves,
  REVIEW_STATUSES,
} from '../../shared/applications/review-workflow.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { describeRequestIssues } from '../../shared/platform/http/request-issues.js';
import { csvCell, csvRecord } from '../../shared/platform/text/csv.js';
import {
  listQuerySchema,
  statusChangesSchema,
  submissionChangeSchema,
} from '../../shared/review/review-requests.js';
import { exportColumns, submissionsCsv } from '../../shared/review/submission-export.js';
import { aMentorApplication } from '../support/builders.js';

describe('review workflow', () => {
  it('moves forward through review and allows reconsidering declined and waitlisted applications', () => {
    expect(canMove('received', 'under_review')).toBe(true);
    expect(canMove('under_review', 'matched')).toBe(true);
    expect(canMove('waitlisted', 'under_review')).toBe(true);
    expect(canMove('declined', 'under_review')).toBe(true);
  });

  it('refuses skipping review and leaving withdrawal', () => {
    expect(canMove('received', 'matched')).toBe(false);
    expect(canMove('matched', 'under_review')).toBe(false);
    for (const status of REVIEW_STATUSES) {
      if (status !== 'withdrawn') expect(canMove('withdrawn', status)).toBe(false);
    }
  });

  it('lets every status stay where it is and names the allowed moves', () => {
    for (const status of REVIEW_STATUSES) expect(canMove(status, status)).toBe(true);
    expect(describeAllowedMoves('received')).toBe(
      `An application that is received can move to: ${ALLOWED_TRANSITIONS.received.join(', ')}.`,
    );
    expect(describeAllowedMoves('withdrawn')).toBe(
      'An application that is withdrawn cannot change status.',
    );
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', '"\'\rCR"'],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
  ])('writes %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('ends each record with CRLF', () => {
    expect(csvRecord(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });
});

describe('submissionsCsv', () => {
  const submission: Submission = {
    id: 'id-1',
    reference: 'LM-2222-2222',
    type: 'mentor',
    status: 'under_review',
    createdAt: '2026-03-20T17:00:00.000Z',
    application: mentorApplicationSchema.parse(
      aMentorApplication({ lacmaMember: false, phone: undefined }),
    ),
    confirmation: { state: 'sent', attempts: 1 },
    version: 2,
    notes: 'Good fit for Harbor',
  };

  async function csvOf(submissions: Submission[]) {
    let text = '';
    async function* source() {
      yield* submissions;
    }
    for await (const chunk of submissionsCsv(['mentor'], source())) text += chunk;
    return text;
  }

  it('starts with a BOM and a header of labels, then one row per submission with labels for choices', async () => {
    const text = await csvOf([submission]);

    expect(
      text.startsWith('\uFEFFReference,Role,Status,Received,First name,Last name,Email address'),
    ).toBe(true);
    const row = text.split('\r\n')[1] ?? '';
    expect(row).toContain('LM-2222-2222,mentor,under_review,2026-03-20T17:00:00.000Z,Wendy,Coates');
    expect(row).toContain(',No,');
    expect(row).toContain('Career planning; Academic medicine and teaching');
    expect(row).toContain('Good fit for Harbor,id-1');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('has one column per field of both roles when both are exported', () => {
    const headers = exportColumns(['mentor', 'mentee']).map((column) => column.header);

    expect(new Set(headers).size).toBe(headers.length);
    expect(headers).toEqual(
      expect.arrayContaining([
        'Specialty',
        'Specialty interests',
        'Career stage',
        'Number of mentees you can take',
      ]),
    );
  });
});

describe('admin query and change schemas', () => {
  it('reads a date as the whole UTC day and defaults the page size to 25', () => {
    expect(listQuerySchema.parse({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-31T23:59:59.999Z',
      limit: 25,
    });
    expect(
      listQuerySchema.parse({ from: '2026-03-01T08:00:00-08:00', limit: '100' }),
    ).toMatchObject({
      from: '2026-03-01T16:00:00.000Z',
      limit: 100,
    });
  });

  it('reads q as what it searches for: a reference, an address or the start of a name', () => {
    expect(listQuerySchema.parse({ q: ' lm-7k3d-9qx2 ' }).q).toEqual({
      kind: 'reference',
      reference: 'LM-7K3D-9QX2',
    });
    expect(listQuerySchema.parse({ q: 'Wendy@Example.org' }).q).toEqual({
      kind: 'email',
      email: 'wendy@example.org',
    });
    expect(listQuerySchema.parse({ q: 'Wendy  Co' }).q).toEqual({
      kind: 'name',
      prefix: 'wendy co',
    });
  });

  it('refuses a q that folding leaves empty (only accents), naming q, rather than matching every name', () => {
    const result = listQuerySchema.safeParse({ q: '\u0301\u0308' });

    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['q'],
        message: expect.stringContaining('nothing to search'),
      }),
    ]);
  });

  it('accepts status and notes only, and at least one of them', () => {
    expect(submissionChangeSchema.safeParse({ notes: '  trimmed  ' }).data).toEqual({
      notes: 'trimmed',
    });
    expect(submissionChangeSchema.safeParse({}).success).toBe(false);
    expect(submissionChangeSchema.safeParse({ status: 'under_review', version: 3 }).success).toBe(
      false,
    );
    expect(submissionChangeSchema.safeParse({ status: 'approved' }).success).toBe(false);
  });
});

describe('POST /admin/submissions/status-changes body', () => {
  const anId = (index: number) => `01J${String(index).padStart(23, '0')}`;
  const issuesOf = (input: unknown) => {
    const result = statusChangesSchema.safeParse(input);
    return result.success ? [] : describeRequestIssues(result.error.issues, input);
  };

  it('takes 1 to 500 distinct application ids, a review status and an optional note, trimmed', () => {
    const ids = Array.from({ length: 500 }, (_, index) => anId(index));

    expect(statusChangesSchema.parse({ ids, status: 'under_review' })).toEqual({
      ids,
      status: 'under_review',
    });
    expect(
      statusChangesSchema.parse({ ids: [anId(1)], status: 'declined', note: '  Full for 2026 ' }),
    ).toEqual({ ids: [anId(1)], status: 'declined', note: 'Full for 2026' });
  });

  it('names each field that is wrong, in words', () => {
    expect(issuesOf({ ids: Array.from({ length: 501 }, (_, i) => anId(i)), status: 'x' })).toEqual([
      { path: 'ids', message: 'ids must hold at most 500 items.' },
      {
        path: 'status',
        message:
          'status must be one of: received, under_review, matched, waitlisted, declined, withdrawn, completed.',
      },
    ]);
    expect(issuesOf({ ids: [], status: 'matched' })).toEqual([
      { path: 'ids', message: 'ids must hold at least 1 item.' },
    ]);
    expect(
      issuesOf({
        ids: [anId(1), anId(1), 'LM-7K3D-9QX2'],
        status: 'matched',
        note: 'x'.repeat(501),
      }),
    ).toEqual([
      { path: 'ids.2', message: 'Each of ids must be an application id (26 characters).' },
      { path: 'ids', message: 'ids must name each application once.' },
      { path: 'note', message: 'note must be at most 500 characters.' },
    ]);
    expect(issuesOf({ ids: [anId(1)], status: 'matched', notes: 'x' })).toEqual([
      { path: 'notes', message: 'notes is not a parameter of this request; remove it.' },
    ]);
    expect(issuesOf({})).toEqual([
      { path: 'ids', message: 'ids is required.' },
      { path: 'status', message: 'status is required.' },
    ]);
  });

  it('refuses a note over several lines, since it is kept as one line of history', () => {
    expect(issuesOf({ ids: [anId(1)], status: 'matched', note: 'one\ntwo' })).toEqual([
      { path: 'note', message: 'note is not valid.' },
    ]);
  });
});
