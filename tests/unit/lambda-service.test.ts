import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FunctionError,
  LambdaService,
  type SandboxSpec,
} from '../../infra/deployed/lambda-service.js';

// A bundle as esbuild would leave it: index.mjs exporting `handler`.
const BUNDLE = `
let invocations = 0;
export const handler = async (event, context) => {
  invocations++;
  if (event.hang) await new Promise(() => setInterval(() => undefined, 1000));
  if (event.fail) throw new TypeError('it broke');
  return { invocations, table: process.env.TABLE_NAME, remaining: context.getRemainingTimeInMillis() };
};`;

let dir: string;
let service: LambdaService;
const spec = (overrides: Partial<SandboxSpec>): SandboxSpec => ({
  functionName: 'fn',
  functionArn: 'arn:aws:lambda:us-west-2:123456789012:function:fn',
  assetDir: dir,
  handler: 'index.handler',
  memoryMb: 128,
  timeoutSeconds: 1,
  environment: { TABLE_NAME: 'the-table' },
  ...overrides,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lambda-service-'));
  await writeFile(join(dir, 'index.mjs'), BUNDLE);
  service = new LambdaService(
    new Map([
      ['fn', spec({})],
      ['no-handler', spec({ functionName: 'no-handler', assetDir: join(dir, 'empty') })],
      ['reserved', spec({ functionName: 'reserved', reservedConcurrency: 1, timeoutSeconds: 2 })],
    ]),
  );
});
afterAll(async () => {
  await service.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('running a bundle as Lambda does', () => {
  it('runs the handler with its own environment and a context that counts down from the timeout', async () => {
    const result = (await service.invoke('fn', {})) as { table: string; remaining: number };
    expect(result.table).toBe('the-table');
    expect(result.remaining).toBeGreaterThan(500);
    expect(result.remaining).toBeLessThanOrEqual(1000);
  });

  it('keeps a warm environment between invocations, even after the handler throws', async () => {
    await expect(service.invoke('fn', { fail: true })).rejects.toMatchObject({
      errorType: 'TypeError',
    });
    const { invocations } = (await service.invoke('fn', {})) as { invocations: number };
    expect(invocations).toBeGreaterThan(1);
  });

  it('fails an invocation that outlives the timeout, and starts the next one cold', async () => {
    const coldBefore = service.coldStarts.length;
    const started = Date.now();
    const hung = service.invoke('fn', { hang: true });

    await expect(hung).rejects.toMatchObject({
      errorType: 'Sandbox.Timedout',
      message: 'Task timed out after 1.00 seconds',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    const { invocations } = (await service.invoke('fn', {})) as { invocations: number };
    expect(invocations).toBe(1);
    expect(service.coldStarts.length).toBe(coldBefore + 1);
  });

  it('fails every invocation of a bundle without its handler module, as Lambda does', async () => {
    const failed = service.invoke('no-handler', {});
    await expect(failed).rejects.toBeInstanceOf(FunctionError);
    await expect(failed).rejects.toMatchObject({ errorType: 'Runtime.ImportModuleError' });
  });

  it('throttles invocations over the reserved concurrency', async () => {
    const first = service.invoke('reserved', {});
    await expect(service.invoke('reserved', {})).rejects.toMatchObject({
      errorType: 'TooManyRequestsException',
    });
    await expect(first).resolves.toMatchObject({ table: 'the-table' });
  });
});
