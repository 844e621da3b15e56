import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonLog, logLevelFrom } from '../../shared/platform/observability/json-log.js';

const context = {
  functionName: 'intake',
  invokedFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:intake',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
} as Context;
const env = {
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
};

function recording(environment: Record<string, string | undefined> = env) {
  const lines: Array<{ stream: string; line: Record<string, unknown> }> = [];
  const log = jsonLog({
    serviceName: 'mentoring-intake',
    env: environment,
    write: (stream, line) => lines.push({ stream, line: JSON.parse(line) }),
  });
  return { log, lines };
}

/** What Powertools Logger writes for the same invocation and message, as parsed JSON. */
function powertoolsLine(level: 'warn' | 'error', message: string, details: Record<string, string>) {
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', env.AWS_LAMBDA_INITIALIZATION_TYPE);
  vi.stubEnv('_X_AMZN_TRACE_ID', env._X_AMZN_TRACE_ID);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  const written: string[] = [];
  const write = (line: string | Uint8Array) => {
    written.push(String(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write);
  const logger = new Logger({ serviceName: 'mentoring-intake' });
  logger.addContext(context);
  logger.setCorrelationId('api-request-1');
  logger[level](message, details);
  vi.restoreAllMocks();
  return JSON.parse(written.join('')) as Record<string, unknown>;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the intake’s JSON log', () => {
  it('writes the line Powertools Logger writes, field for field and in its order', () => {
    const { log, lines } = recording();
    log.startInvocation(context, 'api-request-1');
    log.warn('Honeypot filled; nothing stored or sent', { type: 'mentor' });
    log.error('Unhandled error', { errorName: 'ResourceNotFoundException', thrownAt: undefined });

    const expected = [
      powertoolsLine('warn', 'Honeypot filled; nothing stored or sent', { type: 'mentor' }),
      powertoolsLine('error', 'Unhandled error', { errorName: 'ResourceNotFoundException' }),
    ];
    // Powertools flips its cold start on its first context; so does ours, on the first invocation.
    for (const [index, { line }] of lines.entries()) {
      const { timestamp, cold_start, ...rest } = line;
      const { timestamp: _, cold_start: __, ...powertools } = expected[index] ?? {};
      expect(Object.keys(line)).toEqual(Object.keys(expected[index] ?? {}));
      expect(rest).toEqual(powertools);
      expect(Date.parse(String(timestamp))).not.toBeNaN();
      expect(cold_start).toBe(true);
    }
    expect(lines.map(({ stream }) => stream)).toEqual(['stderr', 'stderr']);
  });

  it('marks only the first invocation of an on-demand container as the cold start', () => {
    const { log, lines } = recording();
    log.startInvocation(context, 'first');
    log.warn('one', {});
    log.startInvocation({ ...context, awsRequestId: 'second' }, undefined);
    log.warn('two', {});

    expect(lines.map(({ line }) => line.cold_start)).toEqual([true, false]);
    expect(lines[1]?.line).not.toHaveProperty('correlation_id');
    expect(lines[1]?.line.function_request_id).toBe('second');
  });

  it('keeps the level Powertools would: Lambda’s log level first, then POWERTOOLS_LOG_LEVEL', () => {
    expect(logLevelFrom({})).toBe('INFO');
    expect(logLevelFrom({ POWERTOOLS_LOG_LEVEL: 'warn' })).toBe('WARN');
    expect(logLevelFrom({ LOG_LEVEL: 'ERROR' })).toBe('ERROR');
    expect(logLevelFrom({ AWS_LAMBDA_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOG_LEVEL: 'ERROR' })).toBe(
      'DEBUG',
    );
    expect(logLevelFrom({ POWERTOOLS_LOG_LEVEL: 'LOUD' })).toBe('INFO');

    const { log, lines } = recording({ POWERTOOLS_LOG_LEVEL: 'ERROR' });
    log.info('quiet');
    log.warn('quiet too', {});
    log.error('heard');
    expect(lines.map(({ line }) => line.message)).toEqual(['heard']);
  });

  it('writes INFO to standard output and a detail never over a standard field', () => {
    const { log, lines } = recording();
    log.info('Started', { message: 'not this', level: 'nor this', count: 2 });

    expect(lines[0]).toMatchObject({
      stream: 'stdout',
      line: { level: 'INFO', message: 'Started', count: 2 },
    });
  });
});
