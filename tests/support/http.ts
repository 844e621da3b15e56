import { inject } from 'vitest';

/** Posts an application to the local gateway as JSON. */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${inject('gatewayUrl')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
}

/** Posts a urlencoded body as a browser's plain HTML form would. */
export function postForm(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${inject('gatewayUrl')}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      ...headers,
    },
    body,
    redirect: 'manual',
  });
}
