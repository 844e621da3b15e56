import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import { startGatewayOnOwnTable } from './in-process-intake.js';

/** A gateway on a table of its own, staff and admin tokens, and calls made with them. */
export interface StaffGateway {
  gateway: GatewayProcess;
  tableName: string;
  staff: string;
  admins: string;
  /** A request to the gateway with `token` (and a JSON content type when it has a body). */
  call: (path: string, token: string, init?: RequestInit) => Promise<Response>;
  /** Applies through the API and moves the application to review; answers its id. */
  applyInReview: (
    type: 'mentor' | 'mentee',
    application: Record<string, unknown>,
  ) => Promise<string>;
}

/** Starts a gateway on its own table (the pool is every application in review in it). */
export async function startStaffGateway(
  overrides: Record<string, string> = {},
): Promise<StaffGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'staff-gateway-'));
  const { gateway, tableName } = await startGatewayOnOwnTable({ DATA_DIR: dataDir, ...overrides });
  const issuer = await loadOrCreateIssuer(dataDir);
  const [staff, admins] = await Promise.all([
    mintLocalToken(issuer, { sub: 'casey', email: 'casey@ladocs.example', groups: ['staff'] }),
    mintLocalToken(issuer, { sub: 'ada', email: 'ada@ladocs.example', groups: ['admins'] }),
  ]);
  const call = (path: string, token: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (init.body) headers.set('content-type', 'application/json');
    return fetch(`${gateway.url}${path}`, { ...init, headers });
  };
  const applyInReview = async (type: 'mentor' | 'mentee', application: Record<string, unknown>) => {
    const response = await fetch(`${gateway.url}/applications/${type}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(application),
    });
    const { id } = (await response.json()) as { id: string };
    const moved = await call(`/admin/submissions/${id}`, staff, {
      method: 'PATCH',
      headers: { 'if-match': '"1"' },
      body: JSON.stringify({ status: 'under_review' }),
    });
    expect(moved.status).toBe(200);
    return id;
  };
  return { gateway, tableName, staff, admins, call, applyInReview };
}
