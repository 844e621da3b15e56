import type { Server } from 'node:http';
import sesLocalModule from 'aws-ses-v2-local';

/** A running aws-ses-v2-local: the SES API, its store (`/store`) and its inbox page (`/`). */
export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

type StartSes = (config: { host: string; port: number }) => Promise<Server>;

// Under plain Node the default import is module.exports; under vitest it is the function.
const startSes = ((sesLocalModule as unknown as { default?: StartSes }).default ??
  sesLocalModule) as unknown as StartSes;

/** Starts aws-ses-v2-local on 127.0.0.1; fails clearly if the port is taken. */
export async function startSesLocal(options: { port: number }): Promise<RunningSes> {
  const server = await startSes({ host: '127.0.0.1', port: options.port });
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`aws-ses-v2-local could not listen on port ${options.port}; is it free?`),
          ),
        2000,
      );
      server.once('listening', () => {
        clearTimeout(timer);
        resolve();
      });
      server.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new Error(`aws-ses-v2-local could not listen on port ${options.port}: ${error.message}`),
        );
      });
    });
  }
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
