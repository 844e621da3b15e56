import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.js';
import { type GatewayProcess, startGatewayProcess } from '../../infra/local/gateway-process.js';
import { signFormToken } from '../../shared/intake/spam/form-token.js';
import { aMenteeApplication, aMentorApplication, asFormBody } from '../support/builders.js';
import { type ProblemBody, postForm, postJson, readJson, readReceipt } from '../support/http.js';
import {
  emailsTo,
  storedApplication,
  storedApplicationsFor,
  waitForEmails,
} from '../support/local-aws.js';

const WEBSITE = 'https://www.ladocs.org';
const STAFF = 'mentoring-staff@ladocs.example';
const SIGNING_SECRET = 'test-signing-secret-0123456789';

function postTo(gateway: GatewayProcess, path: string, body: unknown) {
  return fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('CORS', () => {
  it('answers a preflight from an allowed origin, and gives another origin nothing', async () => {
    const preflight = (origin: string) =>
      fetch(`${inject('gatewayUrl')}/applications/mentor`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });

    const allowed = await preflight(WEBSITE);
    const other = await preflight('https://evil.example');

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEBSITE);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks every response to an allowed origin, errors included, and always allows its own origin', async () => {
    const created = await postJson('/applications/mentor', aMentorApplication(), {
      origin: WEBSITE,
    });
    const invalid = await postJson('/applications/mentor', { firstName: 'x' }, { origin: WEBSITE });
    const own = await postJson(
      '/applications/mentor',
      { firstName: 'x' },
      { origin: inject('gatewayUrl') },
    );
    const stranger = await postJson(
      '/applications/mentor',
      { firstName: 'x' },
      { origin: 'https://evil.example' },
    );

    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(WEBSITE);
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe(WEBSITE);
    expect(own.headers.get('access-control-allow-origin')).toBe(inject('gatewayUrl'));
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the honeypot', () => {
  it('answers a bot with an ordinary receipt, and stores and sends nothing', async () => {
    const application = aMentorApplication();

    const response = await postJson('/applications/mentor', {
      ...application,
      website: 'http://cheap.example',
    });

    expect(response.status).toBe(201);
    const receipt = await readReceipt(response);
    expect(Object.keys(receipt)).toEqual(['id', 'reference', 'type', 'status', 'receivedAt']);
    expect(await storedApplication(receipt.id)).toBeUndefined();
    expect(await storedApplicationsFor(application.email)).toEqual([]);
    expect(await emailsTo(application.email)).toEqual([]);
  });

  it('sends a browser that filled it to the thank-you page, as if it had worked', async () => {
    const application = aMenteeApplication();

    const response = await postForm('/applications/mentee', `${asFormBody(application)}&website=x`);

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/thank-you\?reference=LM-/);
    expect(await storedApplicationsFor(application.email)).toEqual([]);
  });
});

describe('the staff notification', () => {
  it('emails staff the reference, role, name and escaped answers, once, with replies going to the applicant', async () => {
    const application = aMentorApplication({ statement: 'I <3 teaching & "mentoring"' });

    const first = await readReceipt(await postJson('/applications/mentor', application));
    await postJson('/applications/mentor', application);

    await waitForEmails(application.email, 1);
    const notes = (await emailsTo(STAFF)).filter((email) =>
      email.subject.includes(first.reference),
    );
    expect(notes).toHaveLength(1);
    const [note] = notes;
    expect(note?.subject).toBe(`New mentor application ${first.reference}`);
    expect(note?.replyTo).toEqual([application.email]);
    expect(note?.body.text).toContain('Wendy Coates applied as a mentor');
    expect(note?.body.text).toContain('Short statement: I <3 teaching & "mentoring"');
    expect(note?.body.text).toContain('Specialty: Emergency medicine');
    expect(note?.body.html).toContain('I &lt;3 teaching &amp; &quot;mentoring&quot;');
    const [confirmation] = await emailsTo(application.email);
    expect(confirmation?.body.text).not.toContain('teaching');
  });
});

describe('the form pages', () => {
  it('serves a front page linking to both forms', async () => {
    const page = await (await fetch(`${inject('gatewayUrl')}/`)).text();

    expect(page).toContain('<a href="/forms/mentor">Apply as a mentor</a>');
    expect(page).toContain('<a href="/forms/mentee">Apply as a mentee</a>');
  });

  it('renders a form from the schema: a label for every control, a legend for every group, errors tied to fields', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/forms/mentee`);
    const html = await response.text();

    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain(
      `frame-ancestors 'self' ${WEBSITE}`,
    );
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(html).toContain('<form method="post" action="/applications/mentee"');
    for (const id of [
      'firstName',
      'lastName',
      'email',
      'schoolOrProgram',
      'expectedCompletionYear',
      'statement',
    ]) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*error-${id}"`));
    }
    for (const legend of [
      'Career stage',
      'Specialty interests',
      'What you want help with',
      'Languages you speak',
    ]) {
      expect(html).toContain(`<legend>${legend}</legend>`);
    }
    expect(html).toContain('<script src="/forms/enhance.js" defer></script>');
    expect(html).not.toContain('name="formToken"');
  });

  it('serves the enhancement script as a file', async () => {
    const response = await fetch(`${inject('gatewayUrl')}/forms/enhance.js`);

    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain("form.addEventListener('submit'");
  });
});

describe('with FORM_SIGNING_SECRET set', () => {
  let gateway: GatewayProcess;

  beforeAll(async () => {
    gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      FORM_SIGNING_SECRET: SIGNING_SECRET,
    });
  });
  afterAll(() => gateway.stop());

  it('puts a signed token in the rendered form and hands one to JavaScript clients', async () => {
    const html = await (await fetch(`${gateway.url}/forms/mentor`)).text();
    const { formToken } = await readJson<{ formToken: string }>(
      await fetch(`${gateway.url}/forms/mentor/token`),
    );

    expect(html).toMatch(
      /<input type="hidden" name="formToken" value="\d+\.[\w-]{22}\.[\w-]{43}">/,
    );
    expect(formToken).toMatch(/^\d+\.[\w-]{22}\.[\w-]{43}$/);
  });

  it('refuses an unsigned, forged or too-fast post with a clear message, and stores nothing', async () => {
    const application = aMentorApplication();
    const { formToken: fresh } = await readJson<{ formToken: string }>(
      await fetch(`${gateway.url}/forms/mentor/token`),
    );
    const forged = signFormToken(
      'some-other-secret-entirely',
      'mentor',
      new Date(Date.now() - 10_000),
    );
    const forMentee = signFormToken(SIGNING_SECRET, 'mentee', new Date(Date.now() - 10_000));

    const answers = await Promise.all(
      [undefined, forged, forMentee, fresh].map(async (formToken) =>
        readJson<ProblemBody>(
          await postTo(gateway, '/applications/mentor', { ...application, formToken }),
        ),
      ),
    );

    expect(answers.map((answer) => answer.error)).toEqual([
      'form_token_missing',
      'form_token_invalid',
      'form_token_invalid',
      'too_fast',
    ]);
    expect(answers[3]?.message).toBe(
      'That was sent within seconds of the form opening. Wait a moment and send it again.',
    );
    expect(await storedApplicationsFor(application.email)).toEqual([]);
  });

  it('accepts a post made more than 3 seconds after the form was rendered', async () => {
    const formToken = signFormToken(SIGNING_SECRET, 'mentor', new Date(Date.now() - 4000));

    const response = await postTo(gateway, '/applications/mentor', {
      ...aMentorApplication(),
      formToken,
    });

    expect(response.status).toBe(201);
  });

  it('accepts one application per form token: a second is refused, a double click gets the same receipt', async () => {
    const formToken = signFormToken(SIGNING_SECRET, 'mentor', new Date(Date.now() - 4000));
    const first = aMentorApplication({ formToken });
    const second = aMentorApplication({ formToken });

    const saved = await postTo(gateway, '/applications/mentor', first);
    const doubleClick = await postTo(gateway, '/applications/mentor', first);
    const reused = await postTo(gateway, '/applications/mentor', second);

    expect(saved.status).toBe(201);
    expect(await doubleClick.text()).toBe(await saved.text());
    expect(reused.status).toBe(400);
    expect(await readJson<ProblemBody>(reused)).toEqual({
      error: 'form_token_used',
      message:
        'This form has already been used to send an application. Reload the form to send another one.',
    });
    expect(await storedApplicationsFor(first.email)).toHaveLength(1);
    expect(await storedApplicationsFor(second.email)).toEqual([]);
  });

  it('shows a browser the refusal as a page', async () => {
    const response = await fetch(`${gateway.url}/applications/mentor`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: asFormBody(aMentorApplication()),
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "<li>This form must be opened from the program's page before it is sent.",
    );
  });
});

describe('with Cloudflare Turnstile configured', () => {
  const PASS_SECRET = '1x0000000000000000000000000000000AA';
  const FAIL_SECRET = '2x0000000000000000000000000000000AA';
  let siteverify: Server;
  const seen: URLSearchParams[] = [];
  let passing: GatewayProcess;
  let failing: GatewayProcess;
  let unreachable: GatewayProcess;

  beforeAll(async () => {
    // Plays Cloudflare's documented test secrets: 1x... always passes, 2x... always fails.
    siteverify = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const form = new URLSearchParams(body);
        seen.push(form);
        const success = form.get('secret') === PASS_SECRET && Boolean(form.get('response'));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(
            success
              ? { success: true }
              : { success: false, 'error-codes': ['invalid-input-response'] },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => siteverify.listen(0, '127.0.0.1', resolve));
    const verifyUrl = `http://127.0.0.1:${(siteverify.address() as AddressInfo).port}/turnstile/v0/siteverify`;
    const env = inject('functionEnv');
    [passing, failing, unreachable] = await Promise.all([
      startGatewayProcess({
        ...env,
        TURNSTILE_SECRET_KEY: PASS_SECRET,
        TURNSTILE_VERIFY_URL: verifyUrl,
      }),
      startGatewayProcess({
        ...env,
        TURNSTILE_SECRET_KEY: FAIL_SECRET,
        TURNSTILE_VERIFY_URL: verifyUrl,
      }),
      startGatewayProcess({
        ...env,
        TURNSTILE_SECRET_KEY: PASS_SECRET,
        TURNSTILE_VERIFY_URL: `http://127.0.0.1:${await freePort()}/siteverify`,
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([passing.stop(), failing.stop(), unreachable.stop()]);
    await new Promise((resolve) => siteverify.close(resolve));
  });

  it('saves an application whose token siteverify accepts, passing the secret, token and client IP', async () => {
    const response = await postTo(passing, '/applications/mentor', {
      ...aMentorApplication(),
      'cf-turnstile-response': 'XXXX.DUMMY.TOKEN.XXXX',
    });

    expect(response.status).toBe(201);
    expect(seen.at(-1)?.get('secret')).toBe(PASS_SECRET);
    expect(seen.at(-1)?.get('response')).toBe('XXXX.DUMMY.TOKEN.XXXX');
    expect(seen.at(-1)?.get('remoteip')).toBe('127.0.0.1');
  });

  it('refuses a token siteverify rejects, and a missing one, storing nothing', async () => {
    const application = aMentorApplication();

    const rejected = await postTo(failing, '/applications/mentor', {
      ...application,
      'cf-turnstile-response': 'XXXX.DUMMY.TOKEN.XXXX',
    });
    const missing = await postTo(passing, '/applications/mentor', application);

    expect(rejected.status).toBe(400);
    expect(await readJson(rejected)).toMatchObject({ error: 'human_verification_failed' });
    expect(missing.status).toBe(400);
    expect(await storedApplicationsFor(application.email)).toEqual([]);
  });

  it('answers 503 and stores nothing when siteverify cannot be reached', async () => {
    const application = aMentorApplication();

    const response = await postTo(unreachable, '/applications/mentor', {
      ...application,
      'cf-turnstile-response': 'x',
    });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await storedApplicationsFor(application.email)).toEqual([]);
  });
});
