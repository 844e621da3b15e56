import { describe, expect, it } from 'vitest';
import type { Cycle } from '../../shared/applications/cycles.js';
import type { OutboxEmail } from '../../shared/applications/outbox.js';
import { renderRecognitionLetterEmail } from '../../shared/email-delivery/emails/recognition-letter-email.js';
import { mimeMessage } from '../../shared/email-delivery/mime-message.js';
import { issueLetters, listLetterCandidates } from '../../shared/recognition/issue-letters.js';
import type { IssuedLetter, StoredLetter } from '../../shared/recognition/letter.js';
import { loadLetterFonts } from '../../shared/recognition/letter-fonts.js';
import {
  fitsStandardFonts,
  renderLetterPdf,
  wrapText,
} from '../../shared/recognition/letter-pdf.js';
import {
  achievementSentence,
  letterFileName,
  letterWords,
} from '../../shared/recognition/letter-words.js';
import {
  letterFactsOf,
  letterName,
  type MentorRecord,
  whyNotEligible,
} from '../../shared/recognition/mentor-record.js';
import type { RecognitionStore } from '../../shared/recognition/recognition-ports.js';
import { aMentorApplication } from '../support/builders.js';
import { pdfText } from '../support/pdf-text.js';

const CYCLE: Cycle = {
  id: 'cycle-2026',
  name: '2026 Mentoring Program',
  opensAt: '2026-01-15T17:00:00.000Z',
  closesAt: '2026-02-15T17:00:00.000Z',
  version: 1,
};

/** A mentor who completed the 2026 cycle with two mentees, as their partition reads. */
function aCompletedMentor(overrides: Partial<MentorRecord> = {}): MentorRecord {
  return {
    id: '01J00000000000000000000001',
    reference: 'LM-2222-2222',
    type: 'mentor',
    status: 'completed',
    cycleId: CYCLE.id,
    firstName: 'José',
    lastName: 'Núñez',
    credential: 'MD',
    completedMatches: [
      { matchId: 'match-a', menteeId: 'mentee-a', completedAt: '2026-12-01T00:00:00.000Z' },
      { matchId: 'match-b', menteeId: 'mentee-b', completedAt: '2026-12-01T00:00:00.000Z' },
    ],
    reportedMeetings: [
      { matchId: 'match-a', meetings: 2 },
      { matchId: 'match-a', meetings: 5 },
      { matchId: 'match-b', meetings: 2 },
      // A match that ended early: its meetings count for nothing.
      { matchId: 'match-ended', meetings: 9 },
    ],
    consentsToEmail: true,
    ...overrides,
  };
}

const anIssuedLetter = (overrides: Partial<IssuedLetter> = {}): IssuedLetter => ({
  ...letterFactsOf(aCompletedMentor(), CYCLE),
  // 7 p.m. on December 6 in Los Angeles: already December 7 in UTC.
  issuedAt: '2026-12-07T03:00:00.000Z',
  issuedBy: 'ada@ladocs.example',
  ...overrides,
});

const fonts = () => loadLetterFonts();
const render = (letter: IssuedLetter) =>
  renderLetterPdf(letterWords(letter), { issuedAt: letter.issuedAt, fonts });
/** The PDF's text with its lines joined, as a sentence reads across a line break. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('what a letter says', () => {
  it('counts the completed mentees, and per match the highest meetings reported, summed', () => {
    expect(letterFactsOf(aCompletedMentor(), CYCLE)).toEqual({
      mentorId: '01J00000000000000000000001',
      mentorName: 'José Núñez, MD',
      cycleId: CYCLE.id,
      cycleName: '2026 Mentoring Program',
      mentees: 2,
      meetings: 7,
    });
  });

  it('names the mentor as they gave it, with MD or DO but not "other"', () => {
    expect(letterName({ firstName: 'Wendy', lastName: 'Coates', credential: 'DO' })).toBe(
      'Wendy Coates, DO',
    );
    expect(letterName({ firstName: 'Ana', lastName: 'de la Cruz', credential: 'other' })).toBe(
      'Ana de la Cruz',
    );
  });

  it('says "mentored N mentees" and "reported M meetings", in the singular for one', () => {
    expect(achievementSentence(anIssuedLetter())).toBe(
      'José Núñez, MD mentored 2 mentees through the cycle and reported 7 meetings with them.',
    );
    expect(achievementSentence(anIssuedLetter({ mentees: 1, meetings: 1 }))).toBe(
      'José Núñez, MD mentored 1 mentee through the cycle and reported 1 meeting with them.',
    );
  });

  it('leaves the meetings out when none was reported, rather than saying there were none', () => {
    expect(achievementSentence(anIssuedLetter({ meetings: 0 }))).toBe(
      'José Núñez, MD mentored 2 mentees through the cycle.',
    );
  });

  it('is dated the day it was issued in Los Angeles, by the association, for the cycle', () => {
    const words = letterWords(anIssuedLetter());
    expect(words.date).toBe('December 6, 2026');
    expect(words.recognizes).toBe('The Los Angeles County Medical Association recognizes');
    expect(words.forWhat).toBe('for mentoring in the 2026 Mentoring Program.');
  });

  it('goes only to a mentor who completed this cycle with a match seen through', () => {
    expect(whyNotEligible(aCompletedMentor(), CYCLE.id)).toBeUndefined();
    expect(whyNotEligible(aCompletedMentor({ type: 'mentee' }), CYCLE.id)).toBe('not_a_mentor');
    expect(whyNotEligible(aCompletedMentor({ cycleId: 'cycle-2025' }), CYCLE.id)).toBe(
      'other_cycle',
    );
    expect(whyNotEligible(aCompletedMentor({ status: 'matched' }), CYCLE.id)).toBe('not_completed');
    expect(whyNotEligible(aCompletedMentor({ completedMatches: [] }), CYCLE.id)).toBe(
      'no_completed_match',
    );
  });

  it('downloads under an ASCII file name, accents folded and other scripts left out', () => {
    expect(letterFileName(anIssuedLetter())).toBe(
      'letter-of-recognition-jose-nunez-md-2026-mentoring-program.pdf',
    );
    expect(letterFileName(anIssuedLetter({ mentorName: '王小明' }))).toBe(
      'letter-of-recognition-2026-mentoring-program.pdf',
    );
  });
});

describe('the letter as a PDF', () => {
  it('reads back with the name, the cycle, the counts and the date (José Núñez, in Times)', async () => {
    const pdf = await render(anIssuedLetter());
    const { pages, text } = await pdfText(pdf);

    expect(pages).toBe(1);
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
    expect(flat(text)).toContain('Los Angeles County Medical Association');
    expect(flat(text)).toContain('Letter of Recognition');
    expect(flat(text)).toContain('December 6, 2026');
    expect(flat(text)).toContain('José Núñez, MD');
    expect(flat(text)).toContain('for mentoring in the 2026 Mentoring Program.');
    expect(flat(text)).toContain('mentored 2 mentees through the cycle and reported 7 meetings');
    // No font embedded: the standard fonts set every character of this letter.
    expect(fitsStandardFonts([anIssuedLetter().mentorName])).toBe(true);
    expect(Buffer.from(pdf).toString('latin1')).not.toContain('/FontFile');
    expect(pdf.length).toBeLessThan(8_000);
  });

  it('sets a name beyond Western European letters in embedded DejaVu Serif, and reads it back', async () => {
    for (const name of ['Nguyễn Thị Minh Khai', 'Łukasz Dvořák', 'Пётр Ильич', 'Σωκράτης Παππάς']) {
      const pdf = await render(anIssuedLetter({ mentorName: name }));
      const { text } = await pdfText(pdf);
      expect(fitsStandardFonts([name]), name).toBe(false);
      expect(Buffer.from(pdf).toString('latin1'), name).toContain('/FontFile2');
      expect(flat(text), name).toContain(name);
      expect(flat(text), name).toContain('reported 7 meetings');
      // Two subset faces, not two whole fonts (380 KB each).
      expect(pdf.length, name).toBeLessThan(60_000);
    }
  });

  it('renders a name no font of the letter has glyphs for (CJK) without failing', async () => {
    const pdf = await render(anIssuedLetter({ mentorName: '王小明' }));
    const { text } = await pdfText(pdf);
    expect(flat(text)).toContain('for mentoring in the 2026 Mentoring Program.');
  });

  it('fits a long name on the page, breaking a word wider than a line between characters', async () => {
    const long = `${'Wolfeschlegelsteinhausenbergerdorff'.repeat(3)} Núñez`;
    const { text } = await pdfText(await render(anIssuedLetter({ mentorName: long })));
    expect(text.replace(/\s+/g, '')).toContain(long.replace(/\s+/g, ''));
    const measure = (line: string) => line.length;
    expect(wrapText('aaaa bb cccccccccc', measure, 5)).toEqual(['aaaa', 'bb', 'ccccc', 'ccccc']);
  });

  it('renders the same letter to the same bytes', async () => {
    const letter = anIssuedLetter();
    expect(Buffer.from(await render(letter)).equals(Buffer.from(await render(letter)))).toBe(true);
  });
});

/** Letters kept in memory, as the DynamoDB store keeps them: one per mentor per cycle. */
class InMemoryRecognition implements RecognitionStore {
  letters = new Map<string, StoredLetter>();
  emails = new Map<string, OutboxEmail>();
  constructor(private readonly records: MentorRecord[]) {}

  private recordFor(id: string): MentorRecord | undefined {
    const record = this.records.find((each) => each.id === id);
    if (!record) return undefined;
    const letter = record.cycleId ? this.letters.get(`${id}#${record.cycleId}`) : undefined;
    const email = this.emails.get(id);
    return {
      ...record,
      ...(letter ? { letter } : {}),
      ...(email ? { letterEmail: { state: email.state } } : {}),
    };
  }
  async completedMentorsOf(cycleId: string) {
    return this.records
      .filter((record) => record.cycleId === cycleId && record.status === 'completed')
      .map((record) => this.recordFor(record.id) as MentorRecord);
  }
  async mentorRecord(id: string) {
    return this.recordFor(id);
  }
  async saveLetter(letter: StoredLetter, email: OutboxEmail | undefined) {
    const key = `${letter.mentorId}#${letter.cycleId}`;
    if (this.letters.has(key)) return 'already_issued' as const;
    this.letters.set(key, letter);
    if (email) this.emails.set(letter.mentorId, email);
    return 'issued' as const;
  }
  async queueLetterEmail(mentorId: string, _cycleId: string, email: OutboxEmail) {
    if (this.emails.has(mentorId)) return 'already_queued' as const;
    this.emails.set(mentorId, email);
    return 'queued' as const;
  }
  async storedLetter(mentorId: string, cycleId: string) {
    return this.letters.get(`${mentorId}#${cycleId}`);
  }
}

describe('issuing letters', () => {
  const now = () => new Date('2026-12-07T03:00:00.000Z');
  const later = new Date('2026-12-08T00:00:00.000Z');
  const consenting = aCompletedMentor();
  const silent = aCompletedMentor({ id: '01J00000000000000000000002', consentsToEmail: false });
  const unfinished = aCompletedMentor({ id: '01J00000000000000000000003', status: 'matched' });
  const setUp = () => {
    const store = new InMemoryRecognition([consenting, silent, unfinished]);
    const rendered: IssuedLetter[] = [];
    const deps = {
      store,
      now,
      render: async (letter: IssuedLetter) => {
        rendered.push(letter);
        return new Uint8Array([37, 80, 68, 70]);
      },
    };
    const issue = (ids: string[], until = later) =>
      issueLetters(deps, { cycle: CYCLE, mentorIds: ids, issuedBy: 'ada@ladocs.example', until });
    return { store, rendered, issue };
  };

  it('issues one letter per mentor, emailing only those who consented, and says so of each', async () => {
    const { store, issue } = setUp();
    const report = await issue([
      consenting.id,
      silent.id,
      unfinished.id,
      '01J0000000000000000000000Z',
    ]);

    expect(report.results).toEqual([
      { id: consenting.id, outcome: 'issued', emailed: true },
      { id: silent.id, outcome: 'issued', emailed: false },
      {
        id: unfinished.id,
        outcome: 'not_eligible',
        reason: 'not_completed',
        message: 'This mentor has not completed the cycle.',
      },
      { id: '01J0000000000000000000000Z', outcome: 'not_found' },
    ]);
    expect(report.counts).toMatchObject({ issued: 2, not_eligible: 1, not_found: 1 });
    expect(store.letters.get(`${consenting.id}#${CYCLE.id}`)).toMatchObject({
      mentorName: 'José Núñez, MD',
      mentees: 2,
      meetings: 7,
      issuedAt: now().toISOString(),
      issuedBy: 'ada@ladocs.example',
    });
    expect([...store.emails.values()]).toEqual([
      expect.objectContaining({
        applicationId: consenting.id,
        kind: `recognitionLetter:${CYCLE.id}`,
        state: 'pending',
        recognitionLetter: { cycleId: CYCLE.id, issuedAt: now().toISOString() },
      }),
    ]);
  });

  it('asked again, issues and emails nothing twice, and renders nothing', async () => {
    const { store, rendered, issue } = setUp();
    await issue([consenting.id, silent.id]);
    rendered.length = 0;

    const again = await issue([consenting.id, silent.id]);

    expect(again.results).toEqual([
      { id: consenting.id, outcome: 'already_issued', emailed: true },
      { id: silent.id, outcome: 'already_issued', emailed: false },
    ]);
    expect(rendered).toEqual([]);
    expect(store.emails.size).toBe(1);
  });

  it('emails a letter issued before, once, when the mentor consents afterwards', async () => {
    const records = [silent];
    const store = new InMemoryRecognition(records);
    const deps = { store, now, render: async () => new Uint8Array([1]) };
    const issue = () =>
      issueLetters(deps, { cycle: CYCLE, mentorIds: [silent.id], issuedBy: 'ada', until: later });
    await issue();
    records[0] = { ...silent, consentsToEmail: true };

    expect((await issue()).results).toEqual([{ id: silent.id, outcome: 'emailed' }]);
    expect((await issue()).results).toEqual([
      { id: silent.id, outcome: 'already_issued', emailed: true },
    ]);
    expect(store.emails.size).toBe(1);
  });

  it('starts no mentor after its deadline: those are not attempted, to be sent again', async () => {
    const { store, issue } = setUp();
    const report = await issue([consenting.id], new Date('2026-12-07T02:59:59.000Z'));
    expect(report.results).toEqual([
      { id: consenting.id, outcome: 'not_attempted', reason: 'out_of_time' },
    ]);
    expect(store.letters.size).toBe(0);
  });

  it('lists the cycle’s completed mentors by name with their facts, consent and letter so far', async () => {
    const { store, issue } = setUp();
    await issue([silent.id]);

    const listing = await listLetterCandidates({ store }, CYCLE);

    expect(listing.mentors.map((mentor) => [mentor.mentorId, mentor.consentsToEmail])).toEqual([
      [consenting.id, true],
      [silent.id, false],
    ]);
    expect(listing.mentors[0]).toMatchObject({ facts: { mentees: 2, meetings: 7 }, letter: null });
    expect(listing.mentors[1]?.letter).toMatchObject({ issuedBy: 'ada@ladocs.example' });
  });
});

describe('the letter’s email', () => {
  const program = { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.example' };
  const submission = {
    id: '01J00000000000000000000001',
    application: aMentorApplication({ firstName: 'José', email: 'jose@example.org' }),
  } as never;

  it('says what the letter says and attaches its PDF', async () => {
    const letter: StoredLetter = { ...anIssuedLetter(), pdf: new Uint8Array([37, 80, 68, 70]) };
    const email = renderRecognitionLetterEmail(submission, letter, program, 'letter.pdf');

    expect(email.to).toBe('jose@example.org');
    expect(email.subject).toBe(
      'LACMA Mentoring Program: your letter of recognition for the 2026 Mentoring Program',
    );
    expect(email.text).toContain('Dear José,');
    expect(email.text).toContain(
      'It records that josé Núñez, MD mentored 2 mentees through the cycle and reported 7 meetings with them.',
    );
    expect(email.attachments).toEqual([
      { fileName: 'letter.pdf', contentType: 'application/pdf', content: letter.pdf },
    ]);
  });

  it('goes as MIME with UTF-8 headers encoded, and refuses a line break in a header', () => {
    const email = {
      to: 'jose@example.org',
      subject: 'Núñez: your letter',
      text: 'Dear José,',
      html: '<p>Dear José,</p>',
      attachments: [
        { fileName: 'letter.pdf', contentType: 'application/pdf', content: new Uint8Array([1, 2]) },
      ],
    };
    const raw = Buffer.from(
      mimeMessage(
        email,
        { from: 'Programa Núñez <m@ladocs.example>', replyTo: 'staff@ladocs.example' },
        'b',
      ),
    ).toString();

    expect(raw).toContain(
      `Subject: =?UTF-8?B?${Buffer.from('Núñez: your letter').toString('base64')}?=`,
    );
    expect(raw).toContain(
      `From: =?UTF-8?B?${Buffer.from('Programa Núñez').toString('base64')}?= <m@ladocs.example>`,
    );
    expect(raw).toContain('Content-Disposition: attachment; filename="letter.pdf"');
    expect(raw).toContain('--=_mixed_b--');
    expect(() =>
      mimeMessage(
        { ...email, subject: 'Hi\r\nBcc: everyone@example.org' },
        { from: 'a@b.org', replyTo: 'a@b.org' },
      ),
    ).toThrow(/line break in the Subject/);
  });
});
