import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { LOCAL_CONSOLE_CLIENT_ID } from '../../infra/local/local-openid-provider.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';

const base = () => inject('gatewayUrl');

function directives(policy: string | null): Record<string, string> {
  return Object.fromEntries(
    (policy ?? '').split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

async function consolePage(path = '/console') {
  const response = await fetch(`${base()}${path}`);
  const html = await response.text();
  const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
  const settings = /<script type="application\/json" id="console-settings">([^<]*)<\/script>/.exec(
    html,
  )?.[1];
  return {
    response,
    html,
    script,
    stylesheet,
    settings: JSON.parse(settings ?? '{}') as ConsoleSettings,
  };
}

describe('GET /console', () => {
  it('serves the console and its sign-in callback as one page under a strict policy: own script only, Trusted Types, no framing', async () => {
    for (const path of ['/console', '/console/callback']) {
      const { response, script } = await consolePage(path);
      expect(response.status).toBe(200);
      expect(script).toMatch(/^\/console\/assets\/console-[A-Z0-9]+\.js$/);
      const policy = directives(response.headers.get('content-security-policy'));
      expect(policy).toMatchObject({
        'default-src': "'none'",
        'script-src': "'self'",
        'style-src': "'self'",
        'frame-ancestors': "'none'",
        'require-trusted-types-for': "'script'",
        'trusted-types': "'none'",
        'form-action': "'none'",
        'base-uri': "'none'",
        'connect-src': `'self' ${base()}`,
      });
      expect(JSON.stringify(policy)).not.toContain('unsafe');
    }
  });

  it('hands the script its sign-in settings and the forms’ labels as data', async () => {
    const { settings } = await consolePage();

    expect(settings.auth).toEqual({
      authority: `${base()}/oidc`,
      clientId: LOCAL_CONSOLE_CLIENT_ID,
      logoutUrl: `${base()}/oidc/logout`,
    });
    expect(settings.roles.mentor.fields.find((field) => field.name === 'specialty')).toMatchObject({
      label: 'Specialty',
      kind: 'choice',
    });
    expect(settings.transitions.withdrawn).toEqual([]);
  });

  it('serves the content-hashed assets for good, gzipped when asked, and 404 for anything else', async () => {
    const { script, stylesheet } = await consolePage();
    const plain = await fetch(`${base()}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const source = await plain.text();

    // fetch unzips silently: read the raw bytes with node:http.
    const zipped = await new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) => {
      get(`${base()}${script}`, { headers: { 'accept-encoding': 'gzip, br' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            encoding: response.headers['content-encoding'],
            bytes: Buffer.concat(chunks),
          }),
        );
      }).on('error', reject);
    });
    expect(zipped.encoding).toBe('gzip');
    // The console's budget: under 40 KB of JavaScript gzipped.
    expect(zipped.bytes.length).toBeLessThan(40 * 1024);
    expect(gunzipSync(zipped.bytes).toString('utf8')).toBe(source);

    const css = await fetch(`${base()}${stylesheet}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const missing of ['/console/assets/console-manifest.json', '/console/assets/nope.js']) {
      expect((await fetch(`${base()}${missing}`)).status).toBe(404);
    }
  });
});
