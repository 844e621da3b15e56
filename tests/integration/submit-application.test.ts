import { describe, expect, inject, it } from 'vitest';
import {
  aMenteeApplication,
  aMentorApplication,
  asFormBody,
  uniqueEmail,
} from '../support/builders.js';
import {
  type FormSchemaBody,
  type ProblemBody,
  postForm,
  postJson,
  readJson,
  readReceipt,
} from '../support/http.js';
import {
  emailsTo,
  storedApplication,
  storedApplicationsFor,
  storedEmail,
  waitForEmails,
} from '../support/local-aws.js';
import { staffToken } from '../support/staff-tokens.js';

const RECEIPT_KEYS = ['id', 'reference', 'type', 'status', 'receivedAt'];
const REFERENCE = /^LM-[2-9A-Z]{4}-[2-9A-Z]{4}$/;

// The answer comes after one write; the emails follow from the table's stream, so tests wait for them.

describe('POST /applications/{type} from a JavaScript client (JSON)', () => {
  it('saves a mentor application, answers 201 with a receipt, and emails a confirmation', async () => {
    const application = aMentorApplication({
      firstName: '  Ana  María ',
      lastName: 'Garci\u0301a',
      email: `  ${uniqueEmail('Mixed.Case').toUpperCase()} `,
    });

    const response = await postJson('/applications/mentor', application);

    expect(response.status).toBe(201);
    const receipt = await readReceipt(response);
    expect(Object.keys(receipt)).toEqual(RECEIPT_KEYS);
    expect(receipt).toMatchObject({ type: 'mentor', status: 'received' });
    expect(receipt.reference).toMatch(REFERENCE);
    expect(new Date(receipt.receivedAt).toISOString()).toBe(receipt.receivedAt);

    const email = (application.email as string).trim().toLowerCase();
    const item = await storedApplication(receipt.id);
    expect(item).toMatchObject({
      id: receipt.id,
      reference: receipt.reference,
      type: 'mentor',
      status: 'received',
      createdAt: receipt.receivedAt,
      email,
      version: 1,
    });
    expect(item?.application).toMatchObject({
      firstName: 'Ana María',
      lastName: 'García'.normalize('NFC'),
      email,
      capacity: 2,
      lacmaMember: true,
    });
    expect(item?.duplicateOf).toBeUndefined();

    const [sent, ...others] = await waitForEmails(email, 1);
    expect(others).toHaveLength(0);
    expect(await storedEmail(receipt.id)).toMatchObject({
      state: 'sent',
      attempts: 1,
      messageId: sent?.messageId,
    });
    expect(sent?.from).toContain('mentoring@ladocs.example');
    expect(sent?.replyTo).toEqual(['mentoring-staff@ladocs.example']);
    expect(sent?.subject).toBe(
      `LACMA Mentoring Program: we received your mentor application (${receipt.reference})`,
    );
    expect(sent?.body.text).toContain('Dear Ana María,');
    expect(sent?.body.text).toContain(`Your reference: ${receipt.reference}`);
    expect(sent?.body.text).toContain('applying to be a mentor');
    expect(sent?.body.html).toContain('Dear Ana María,');
    expect(sent?.body.text).not.toContain(application.statement);
    expect(sent?.body.html).not.toContain('renewed my sense of purpose');
  });

  it('saves a mentee application the same way', async () => {
    const application = aMenteeApplication();

    const response = await postJson('/applications/mentee', application);

    expect(response.status).toBe(201);
    const receipt = await readReceipt(response);
    expect(receipt.type).toBe('mentee');
    const item = await storedApplication(receipt.id);
    expect(item?.application).toEqual({ ...application });
    const [sent] = await waitForEmails(application.email, 1);
    expect(sent?.subject).toContain('mentee application');
    expect(sent?.body.text).toContain('applying to be mentored');
  });

  it('answers malformed JSON with 400 invalid_json, not 415', async () => {
    const response = await postJson('/applications/mentor', '{"firstName": "Ana",');

    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({
      error: 'invalid_json',
      message: 'The request body is not valid JSON.',
    });
  });

  it('lists every problem by field, says how to fix it, never echoes a value, and stores nothing', async () => {
    const email = uniqueEmail('invalid');
    const application = aMentorApplication({
      email,
      firstName: 'CANARY-first\nBcc: victim@example.org',
      capacity: 9,
      specialty: 'CANARY-specialty',
      languages: [],
      consent: false,
      favouriteColour: 'CANARY-extra',
    });
    delete (application as Record<string, unknown>).lastName;

    const response = await postJson('/applications/mentor', application);

    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain('victim');
    const body = JSON.parse(text);
    expect(body.error).toBe('validation_failed');
    expect(body.message).toMatch(/7 problems/);
    expect(body.issues).toEqual(
      expect.arrayContaining([
        {
          path: 'firstName',
          message:
            'First name may contain only letters, spaces, apostrophes, hyphens, and periods that end an abbreviation (as in “J. R.”), and must start with a letter.',
        },
        { path: 'lastName', message: 'Last name is required.' },
        { path: 'capacity', message: 'Number of mentees you can take must be at most 5.' },
        { path: 'specialty', message: 'Specialty: choose one of the listed options.' },
        { path: 'languages', message: 'Languages you speak: choose at least 1 option.' },
        {
          path: 'consent',
          message: 'Consent: tick this box to apply; we cannot process an application without it.',
        },
        {
          path: 'favouriteColour',
          message: 'This field is not part of the application form; remove it.',
        },
      ]),
    );
    expect(body.issues).toHaveLength(7);
    expect(await storedApplicationsFor(email)).toEqual([]);
    expect(await emailsTo(email)).toEqual([]);
  });

  describe.each([
    ['firstName', 'First name', (text: string) => ({ firstName: `Wen${text}dy` })],
    ['lastName', 'Last name', (text: string) => ({ lastName: `Coa${text}tes` })],
    [
      'institution',
      'Institution or practice name',
      (text: string) => ({ institution: `Harbor${text}UCLA` }),
    ],
    ['statement', 'Short statement', (text: string) => ({ statement: `I would${text} like to` })],
  ])('an invisible character in %s', (field, title, withText) => {
    it.each([
      ['a zero width space', '\u200B'],
      ['a byte order mark', '\uFEFF'],
      ['a word joiner', '\u2060'],
      ['a soft hyphen', '\u00AD'],
    ])('%s: 400 naming the field, and nothing stored', async (_label, character) => {
      const email = uniqueEmail('invisible');

      const response = await postJson(
        '/applications/mentor',
        aMentorApplication({ email, ...withText(character) }),
      );

      expect(response.status).toBe(400);
      const body = await readJson<ProblemBody>(response);
      expect(body.issues?.map((issue) => issue.path)).toEqual([field]);
      expect(body.issues?.[0]?.message).toMatch(new RegExp(`^${title} `));
      expect(await storedApplicationsFor(email)).toEqual([]);
    });
  });

  it('refuses a stranger’s message in a name, so no confirmation can carry it: 400, no email', async () => {
    const email = uniqueEmail('stranger');

    const response = await postJson(
      '/applications/mentor',
      aMentorApplication({ email, firstName: 'You won $500! Claim at https://evil.example/claim' }),
    );

    expect(response.status).toBe(400);
    const body = await readJson<ProblemBody>(response);
    expect(body.issues?.map((issue) => issue.path)).toEqual(['firstName']);
    expect(await storedApplicationsFor(email)).toEqual([]);
    expect(await emailsTo(email)).toEqual([]);
  });

  it('refuses a body that is not an object', async () => {
    const response = await postJson('/applications/mentee', '[1,2,3]');

    expect(response.status).toBe(400);
    expect((await readJson<ProblemBody>(response)).issues).toEqual([
      { path: '', message: 'The application must be an object of fields.' },
    ]);
  });

  it('answers other content types with 415', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/applications/mentor`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'firstName=Ana',
    });

    expect(response.status).toBe(415);
    expect(await readJson(response)).toEqual({
      error: 'unsupported_media_type',
      message: 'Send the body as application/json or application/x-www-form-urlencoded.',
    });
  });

  it('answers a body over 64 KiB with 413', async () => {
    const response = await postJson(
      '/applications/mentor',
      aMentorApplication({ statement: 'x'.repeat(65 * 1024) }),
    );

    expect(response.status).toBe(413);
    expect(await readJson(response)).toMatchObject({ error: 'payload_too_large' });
  });

  it("answers a body over API Gateway's 10 MB limit with 413, not a reset connection", async () => {
    const response = await postJson('/applications/mentor', 'x'.repeat(11 * 1024 * 1024));

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('answers an unknown application type with 404', async () => {
    const response = await postJson('/applications/sponsor', aMentorApplication());

    expect(response.status).toBe(404);
    expect(await readJson(response)).toMatchObject({ error: 'not_found' });
  });
});

describe('POST /applications/{type} from a plain HTML form (urlencoded)', () => {
  it('redirects 303 to the thank-you page, which shows the reference', async () => {
    const application = aMentorApplication();

    const response = await postForm('/applications/mentor', asFormBody(application));

    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/thank-you\?reference=LM-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const reference = new URL(location, 'http://x').searchParams.get('reference');
    const [item] = await storedApplicationsFor(application.email);
    expect(item?.reference).toBe(reference);
    expect(item?.application).toMatchObject({
      languages: ['english', 'spanish'],
      mentoringAreas: ['career_planning', 'academic_medicine'],
      consent: true,
      lacmaMember: true,
      yearsInPractice: 20,
    });

    const page = await fetch(`${inject('gatewayUrl')}${location}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(`<span class="reference">${reference}</span>`);
  });

  it('reads one ticked box of a group as a list, and an unticked membership box as no', async () => {
    const application = aMentorApplication({ languages: ['spanish'], lacmaMember: false });

    const response = await postForm('/applications/mentor', asFormBody(application), {
      accept: 'application/json',
    });

    expect(response.status).toBe(201);
    const item = await storedApplication((await readReceipt(response)).id);
    expect(item?.application).toMatchObject({ languages: ['spanish'], lacmaMember: false });
  });

  it('shows a 400 page listing the problems, with a link back to the form from the route, not the Referer', async () => {
    const application = aMentorApplication({ capacity: '0', consent: false });

    // The form pages send Referrer-Policy: no-referrer, so a real browser sends none; a
    // forged one must not become the link.
    const response = await postForm('/applications/mentor', asFormBody(application), {
      referer: 'https://evil.example/phish',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('<li>Number of mentees you can take must be at least 1.</li>');
    expect(page).toContain('<li>Consent: tick this box to apply;');
    expect(page).toContain('<a href="/forms/mentor">go back to the form</a>');
    expect(page).not.toContain('evil.example');
    expect(await storedApplicationsFor(application.email)).toEqual([]);
  });

  it('answers a browser with a readable page, not JSON, for 404, 413 and 415', async () => {
    const browserPost = (path: string, contentType: string, body: string) =>
      fetch(`${inject('gatewayUrl')}${path}`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        },
        body,
      });
    const form = 'application/x-www-form-urlencoded';

    const unknownType = await browserPost('/applications/sponsor', form, 'firstName=Ana');
    const tooLarge = await browserPost(
      '/applications/mentee',
      form,
      asFormBody(aMenteeApplication({ statement: 'x'.repeat(65 * 1024) })),
    );
    const wrongType = await browserPost('/applications/mentor', 'text/plain', 'firstName=Ana');

    const pages = [
      [unknownType, 404, 'Page not found', '<a href="/">go to the front page</a>'],
      [tooLarge, 413, 'larger than 64 KiB', '<a href="/forms/mentee">go back to the form</a>'],
      [wrongType, 415, 'application/x-www-form-urlencoded', '<a href="/forms/mentor">'],
    ] as const;
    for (const [response, status, says, link] of pages) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      expect(html).toContain(says);
      expect(html).toContain(link);
    }
  });

  it('never lets a thank-you page echo anything but a well-formed reference', async () => {
    const page = await fetch(
      `${inject('gatewayUrl')}/thank-you?reference=${encodeURIComponent('<script>alert(1)</script>')}`,
    );

    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('Your reference is');
  });
});

describe('duplicate applications', () => {
  it('answers an identical resubmission with the original receipt and sends no second email', async () => {
    const application = aMenteeApplication();

    const first = await postJson('/applications/mentee', application);
    const second = await postJson('/applications/mentee', application);

    expect(second.status).toBe(201);
    expect(await second.text()).toBe(await first.text());
    expect(await storedApplicationsFor(application.email)).toHaveLength(1);
    expect(await waitForEmails(application.email, 1)).toHaveLength(1);
  });

  it('saves a different application from the same address, linked to the first, answered like any other', async () => {
    const first = aMentorApplication();
    const changed = { ...first, capacity: 3 };

    const firstReceipt = await readReceipt(await postJson('/applications/mentor', first));
    const response = await postJson('/applications/mentor', changed);

    expect(response.status).toBe(201);
    const receipt = await readReceipt(response);
    expect(Object.keys(receipt)).toEqual(RECEIPT_KEYS);
    expect(receipt.id).not.toBe(firstReceipt.id);
    expect(receipt.reference).not.toBe(firstReceipt.reference);
    const staffView = async (id: string) =>
      readJson<{ duplicateOf?: string }>(
        await fetch(`${inject('gatewayUrl')}/admin/submissions/${id}`, {
          headers: { authorization: `Bearer ${await staffToken(['staff'])}` },
        }),
      );
    expect(await staffView(receipt.id)).toMatchObject({ duplicateOf: firstReceipt.id });
    expect(await staffView(firstReceipt.id)).not.toHaveProperty('duplicateOf');
    expect(await waitForEmails(first.email, 2)).toHaveLength(2);
  });

  it('treats the same address applying for the other role as a first application', async () => {
    const email = uniqueEmail('both-roles');

    await postJson('/applications/mentor', aMentorApplication({ email }));
    const response = await postJson('/applications/mentee', aMenteeApplication({ email }));

    const item = await storedApplication((await readReceipt(response)).id);
    expect(item?.duplicateOf).toBeUndefined();
  });

  it('sends at most three confirmations to one address a day, and still saves every application', async () => {
    const email = uniqueEmail('prolific');
    const receipts = [];
    for (const capacity of [1, 2, 3, 4]) {
      const response = await postJson(
        '/applications/mentor',
        aMentorApplication({ email, capacity }),
      );
      expect(response.status).toBe(201);
      receipts.push(await readReceipt(response));
    }

    expect(await storedApplicationsFor(email)).toHaveLength(4);
    expect(await waitForEmails(email, 3)).toHaveLength(3);
    const states = await Promise.all(
      receipts.map(async ({ id }) => (await storedEmail(id))?.state),
    );
    expect(states.filter((state) => state === 'sent')).toHaveLength(3);
    expect(states.filter((state) => state === 'suppressed')).toHaveLength(1);
  });
});

describe('GET /forms/{type}/schema', () => {
  it('returns the JSON Schema generated from the zod schema', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/forms/mentor/schema`);

    expect(response.status).toBe(200);
    const schema = await readJson<FormSchemaBody>(response);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['firstName', 'email', 'consent']));
    expect(schema.required).not.toContain('phone');
    expect(schema.properties.capacity).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    expect(schema.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
    expect(schema.properties.consent).toMatchObject({ const: true });
  });

  it('answers 404 for a form that does not exist', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/forms/sponsor/schema`);

    expect(response.status).toBe(404);
    expect(await readJson(response)).toMatchObject({ error: 'not_found' });
  });
});

describe('GET /health and unknown routes', () => {
  it('answers health with 200 ok', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/health`);

    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ status: 'ok' });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/nowhere`);

    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({ message: 'Not Found' });
  });
});
