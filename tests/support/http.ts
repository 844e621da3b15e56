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

/** The 201 body of a saved application. */
export interface ReceiptBody {
  id: string;
  reference: string;
  type: string;
  status: string;
  receivedAt: string;
}

/** The body of any error response. */
export interface ProblemBody {
  error: string;
  message: string;
  issues?: Array<{ path: string; message: string }>;
}

/** The JSON Schema of a form, as far as the tests read it. */
export interface FormSchemaBody {
  $schema: string;
  additionalProperties: boolean;
  required: string[];
  properties: Record<string, Record<string, unknown>>;
}

/** Reads a JSON response body as the shape the test expects (asserted by the test itself). */
export async function readJson<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Reads a 201 receipt. */
export const readReceipt = (response: Response) => readJson<ReceiptBody>(response);
