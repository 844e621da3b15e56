import type { Context } from 'aws-lambda';
import type { OperationalLog } from './operational-ports.js';

/** Powertools' thresholds, so POWERTOOLS_LOG_LEVEL and AWS_LAMBDA_LOG_LEVEL mean the same here. */
const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };
type LevelName = keyof typeof LEVELS;

/** Values a log line may carry beside its message: identifiers and names, never applicant data. */
export type LogDetails = Record<string, string | number | boolean | undefined>;

/** The log of an HTTP function: the domain's warnings, errors, and each invocation's context. */
export interface RequestLog extends OperationalLog {
  info(message: string, details?: LogDetails): void;
  error(message: string, details?: LogDetails): void;
  /** Every line after this carries the invocation's context and the API request id. */
  startInvocation(
    context: Pick<
      Context,
      'functionName' | 'invokedFunctionArn' | 'memoryLimitInMB' | 'awsRequestId'
    >,
    correlationId: string | undefined,
  ): void;
}

function isLevel(value: string | undefined): value is LevelName {
  return value !== undefined && Object.hasOwn(LEVELS, value);
}

/**
 * The threshold Powertools Logger would pick: Lambda's advanced logging controls
 * (AWS_LAMBDA_LOG_LEVEL) first, then POWERTOOLS_LOG_LEVEL or LOG_LEVEL, else INFO.
 */
export function logLevelFrom(env: Record<string, string | undefined>): LevelName {
  for (const value of [env.AWS_LAMBDA_LOG_LEVEL, env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL]) {
    const name = value?.trim().toUpperCase();
    if (isLevel(name)) return name;
  }
  return 'INFO';
}

/** The X-Ray trace id Lambda puts in the environment for each invocation (its Root part). */
function traceId(env: Record<string, string | undefined>): string | undefined {
  const header = env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  if (!header.includes('=')) return header;
  return /(?:^|;)Root=([^;]+)/.exec(header)?.[1];
}

/**
 * A structured JSON logger that writes the lines Powertools Logger writes, field for field
 * (level, message, timestamp, service, cold_start, function_arn, function_memory_size,
 * function_name, function_request_id, sampling_rate, xray_trace_id, correlation_id, then the
 * details), to the same streams (WARN and above on stderr). Written by hand for the intake,
 * where nearly every request is a cold start: Powertools Logger and its middleware add about
 * 21 KB to the bundle and their module set-up to every cold start, for features this function
 * does not use (sampling, buffering, child loggers, custom formatters). Alarms and queries
 * that read `$.message`, `$.level` or `$.correlation_id` see no difference.
 */
export function jsonLog(options: {
  serviceName: string;
  env?: Record<string, string | undefined>;
  write?: (stream: 'stdout' | 'stderr', line: string) => void;
  now?: () => Date;
}): RequestLog {
  const env = options.env ?? process.env;
  const threshold = LEVELS[logLevelFrom(env)];
  const write =
    options.write ??
    ((stream: 'stdout' | 'stderr', line: string) => process[stream].write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  // As Powertools: only an on-demand container has a cold start; its first invocation is it.
  let coldStart = env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
  let invocation: Record<string, string | number | boolean | undefined> = {};
  let correlationId: string | undefined;

  const log = (level: LevelName, message: string, details: LogDetails = {}) => {
    if (LEVELS[level] < threshold) return;
    const line: Record<string, unknown> = {
      level,
      message,
      timestamp: now().toISOString(),
      service: options.serviceName,
      ...invocation,
      sampling_rate: 0,
      xray_trace_id: traceId(env),
      correlation_id: correlationId,
    };
    for (const [key, value] of Object.entries(details)) {
      if (!Object.hasOwn(line, key)) line[key] = value;
    }
    write(LEVELS[level] >= LEVELS.WARN ? 'stderr' : 'stdout', JSON.stringify(line));
  };

  return {
    info: (message, details) => log('INFO', message, details),
    warn: (message, details) => log('WARN', message, details),
    error: (message, details) => log('ERROR', message, details),
    startInvocation(context, requestId) {
      correlationId = requestId;
      invocation = {
        cold_start: coldStart,
        function_arn: context.invokedFunctionArn,
        function_memory_size: context.memoryLimitInMB,
        function_name: context.functionName,
        function_request_id: context.awsRequestId,
      };
      coldStart = false;
    },
  };
}
