import { Worker } from 'node:worker_threads';

/** What a sandbox needs to run one function's bundle, as Lambda would. */
export interface SandboxSpec {
  functionName: string;
  functionArn: string;
  assetDir: string;
  handler: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** At most this many invocations at once (the function's reserved concurrency). */
  reservedConcurrency?: number;
  /** The environment Lambda gives the function: its variables and its role's credentials. */
  environment: Record<string, string>;
}

/** An invocation that failed in the function or the runtime, as Lambda reports it. */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = 'FunctionError';
  }
}

type Message =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: { errorType: string; errorMessage: string } }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: { errorType: string; errorMessage: string } };

interface Sandbox {
  worker: Worker;
  ready: Promise<void>;
  pending?: { id: number; settle: (message: Message) => void };
}

const SANDBOX_SCRIPT = new URL('./lambda-sandbox.mjs', import.meta.url);

/**
 * Runs functions from their bundles the way Lambda does: each execution environment is a
 * worker thread with the function's own environment and a heap capped at its memory size;
 * it imports the bundle once (cold start) and handles one invocation at a time, so
 * concurrent invocations get environments of their own. An invocation that outlives the
 * function's timeout is failed and its environment destroyed, as Lambda does, so the next
 * one starts cold. A reserved concurrency limit throttles the invocations over it.
 */
export class LambdaService {
  private readonly idle = new Map<string, Sandbox[]>();
  private readonly busy = new Map<string, number>();
  private readonly all = new Set<Worker>();
  private nextId = 1;
  /** Cold starts so far, by function, with each init's duration: for people and tests. */
  readonly coldStarts: Array<{ functionName: string; initMs: number }> = [];

  constructor(
    private readonly specs: ReadonlyMap<string, SandboxSpec>,
    private readonly onLog: (functionName: string, line: string) => void = () => undefined,
  ) {}

  /** Invokes a function synchronously (RequestResponse) and returns what its handler returned. */
  async invoke(functionName: string, event: unknown): Promise<unknown> {
    const spec = this.specs.get(functionName);
    if (!spec) throw new Error(`No function ${functionName} in the stack`);
    const running = this.busy.get(functionName) ?? 0;
    if (spec.reservedConcurrency !== undefined && running >= spec.reservedConcurrency) {
      throw new FunctionError('TooManyRequestsException', 'Rate Exceeded.');
    }
    this.busy.set(functionName, running + 1);
    try {
      const sandbox = this.idle.get(functionName)?.pop() ?? this.start(spec);
      await sandbox.ready;
      const timeoutMs = spec.timeoutSeconds * 1000;
      const deadline = Date.now() + timeoutMs;
      const id = this.nextId++;
      const message = await new Promise<Message>((settle) => {
        const timer = setTimeout(
          () =>
            settle({
              type: 'error',
              id,
              error: {
                errorType: 'Sandbox.Timedout',
                errorMessage: `Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`,
              },
            }),
          timeoutMs,
        );
        sandbox.pending = {
          id,
          settle: (reply) => {
            clearTimeout(timer);
            settle(reply);
          },
        };
        sandbox.worker.postMessage({ id, event, deadline });
      });
      sandbox.pending = undefined;
      if (message.type === 'result') {
        this.release(functionName, sandbox);
        return message.result;
      }
      // A timed-out environment is destroyed; one whose handler threw is kept, as Lambda does.
      if (message.type === 'error' && message.error.errorType !== 'Sandbox.Timedout') {
        this.release(functionName, sandbox);
      } else {
        await this.destroy(sandbox);
      }
      const error = 'error' in message ? message.error : undefined;
      throw new FunctionError(error?.errorType ?? 'Error', error?.errorMessage ?? 'failed');
    } finally {
      this.busy.set(functionName, (this.busy.get(functionName) ?? 1) - 1);
    }
  }

  /** Stops every execution environment. */
  async stop(): Promise<void> {
    await Promise.all([...this.all].map((worker) => worker.terminate()));
    this.all.clear();
    this.idle.clear();
  }

  private start(spec: SandboxSpec): Sandbox {
    const worker = new Worker(SANDBOX_SCRIPT, {
      workerData: {
        assetDir: spec.assetDir,
        handler: spec.handler,
        functionName: spec.functionName,
        functionArn: spec.functionArn,
        memoryMb: spec.memoryMb,
      },
      env: spec.environment,
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
      stdout: true,
      stderr: true,
    });
    this.all.add(worker);
    for (const stream of [worker.stdout, worker.stderr]) {
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) this.onLog(spec.functionName, line);
      });
    }
    const sandbox: Sandbox = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        const failed = (errorType: string, message: string) => {
          void this.destroy(sandbox);
          reject(new FunctionError(errorType, message));
        };
        worker.on('message', (message: Message) => {
          if (message.type === 'ready') {
            this.coldStarts.push({ functionName: spec.functionName, initMs: message.initMs });
            resolve();
          } else if (message.type === 'init-error') {
            failed(message.error.errorType, message.error.errorMessage);
          } else if (sandbox.pending?.id === message.id) {
            sandbox.pending.settle(message);
          }
        });
        worker.on('error', (error) => {
          sandbox.pending?.settle({
            type: 'error',
            id: sandbox.pending.id,
            error: { errorType: 'Runtime.ExitError', errorMessage: error.message },
          });
          failed('Runtime.ExitError', error.message);
        });
        worker.on('exit', () => {
          this.all.delete(worker);
          sandbox.pending?.settle({
            type: 'error',
            id: sandbox.pending.id,
            error: { errorType: 'Runtime.ExitError', errorMessage: 'The runtime exited' },
          });
        });
      }),
    };
    // Nobody may await `ready` if init fails while no one waits; keep that quiet.
    sandbox.ready.catch(() => undefined);
    return sandbox;
  }

  private release(functionName: string, sandbox: Sandbox) {
    const list = this.idle.get(functionName) ?? [];
    list.push(sandbox);
    this.idle.set(functionName, list);
  }

  private async destroy(sandbox: Sandbox) {
    this.all.delete(sandbox.worker);
    await sandbox.worker.terminate();
  }
}
