/**
 * Service modules run in worker threads, so that no service can freeze or kill the runtime: a pool
 * of "containers" (service-worker.ts), each running one invocation at a time and kept warm between
 * invocations, as Lambda keeps execution environments
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 *
 * - The deadline holds for any code, a busy loop included: a container whose invocation outlives its
 *   timeout is terminated and replaced, and the invocation fails with `States.Timeout`.
 * - A crash (unhandled rejection, throw from a timer, `process.exit`) fails the invocation in flight
 *   with the error the Lambda runtime reports, and the container is replaced.
 * - `reload()` retires every container: new invocations load the current code in new containers,
 *   invocations in flight finish on the code they started with.
 * - Idle containers are terminated after `idleMs`; at most `maxWorkers` run at once, further
 *   invocations wait for one (their deadline runs meanwhile, as the step's timer does).
 */
import { Worker } from 'node:worker_threads';
import {
  errorDocument,
  errorFromDocument,
  FunctionTimeout,
  type LambdaErrorDocument,
} from './lambda-runtime.ts';
import { ServiceBundles } from './service-bundle.ts';
import type { InvokeMessage, WorkerMessage } from './service-worker.ts';

export interface ServicePoolOptions {
  /** Containers running at once (each ~8 MB). @default 4 */
  maxWorkers?: number;
  /** An idle container is terminated after this long. @default 60 s */
  idleMs?: number;
  /** Where a crash outside any invocation is reported. */
  warn?: (message: string) => void;
}

export interface PoolInvocation {
  /** The service module (resolved by ServiceDirectory). */
  file: string;
  event: unknown;
  functionName: string;
  functionArn: string;
  requestId: string;
  timeoutMs: number;
  /** Aborted when the step no longer waits for the result (the invocation itself runs on). */
  signal?: AbortSignal;
}

interface Job {
  id: number;
  invocation: PoolInvocation;
  /** The bundled module to import. */
  module?: string;
  event: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  timer: NodeJS.Timeout;
  /** Removes the abort listener. */
  cleanup?: () => void;
  container?: Container;
}

interface Container {
  worker: Worker;
  generation: number;
  files: Set<string>;
  job?: Job;
  idle?: NodeJS.Timeout;
  /** Terminated or exited: takes no more work. */
  gone: boolean;
}

export class ServicePool {
  private readonly containers = new Set<Container>();
  private readonly bundles = new ServiceBundles();
  private entry?: string;
  private readonly queue: Job[] = [];
  private readonly maxWorkers: number;
  private readonly idleMs: number;
  private generation = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ServicePoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? 4);
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Containers alive now (busy or idle). */
  get size(): number {
    return this.containers.size;
  }

  /** Runs one invocation; resolves with the handler's JSON result or rejects with an Error named as Lambda reports it. */
  invoke(invocation: PoolInvocation): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the service pool is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        invocation,
        event: JSON.stringify(invocation.event ?? null),
        resolve,
        reject,
        settled: false,
        timer: setTimeout(() => this.timedOut(job), Math.max(0, invocation.timeoutMs)),
      };
      const signal = invocation.signal;
      if (signal) {
        const onAbort = () => {
          const queued = this.queue.indexOf(job);
          if (queued >= 0) {
            this.queue.splice(queued, 1);
            clearTimeout(job.timer);
          }
          this.settle(job, undefined, signal.reason ?? new Error('aborted'));
        };
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener('abort', onAbort, { once: true });
          job.cleanup = () => signal.removeEventListener('abort', onAbort);
        }
      }
      Promise.all([this.bundles.module(invocation.file), this.bundles.workerEntry()]).then(
        ([module, entry]) => {
          job.module = module;
          this.entry = entry;
          if (!job.settled && !this.closed) this.dispatch(job);
        },
        (error: unknown) => {
          clearTimeout(job.timer);
          this.settle(job, undefined, error);
        },
      );
    });
  }

  /** New invocations run the current code in new containers; running ones finish on the old. */
  reload(): void {
    this.generation++;
    this.bundles.reload();
    for (const c of this.containers) if (!c.job) this.retire(c);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.timer);
      this.settle(job, undefined, new Error('the local runtime stopped'));
    }
    const all = [...this.containers];
    for (const c of all) {
      if (c.job) {
        clearTimeout(c.job.timer);
        this.settle(c.job, undefined, new Error('the local runtime stopped'));
      }
    }
    await Promise.all(all.map((c) => this.retire(c)));
    this.bundles.close();
  }

  private dispatch(job: Job): void {
    let idle: Container | undefined;
    for (const c of this.containers) {
      if (c.gone || c.job || c.generation !== this.generation) continue;
      if (c.files.has(job.module as string)) {
        idle = c;
        break;
      }
      idle ??= c;
    }
    if (!idle && this.containers.size < this.maxWorkers) idle = this.spawn();
    if (idle) this.run(idle, job);
    else this.queue.push(job);
  }

  private run(c: Container, job: Job): void {
    if (c.idle) clearTimeout(c.idle);
    c.idle = undefined;
    c.job = job;
    job.container = c;
    c.files.add(job.module as string);
    const { invocation } = job;
    const message: InvokeMessage = {
      id: job.id,
      file: job.module as string,
      event: job.event,
      info: {
        functionName: invocation.functionName,
        functionArn: invocation.functionArn,
        requestId: invocation.requestId,
        deadline: Date.now() + Math.max(0, invocation.timeoutMs),
      },
    };
    c.worker.postMessage(message);
  }

  private spawn(): Container {
    // The parent's loader flags (tsx's, vitest's) stay out: the worker runs bundled JavaScript.
    // Source maps on, as the deployed functions have them (NODE_OPTIONS in infra/dazzle-function.ts).
    const worker = new Worker(this.entry as string, { execArgv: ['--enable-source-maps'] });
    worker.unref();
    const c: Container = { worker, generation: this.generation, files: new Set(), gone: false };
    this.containers.add(c);
    worker.on('message', (m: WorkerMessage) => this.received(c, m));
    worker.on('error', (error) => this.crashed(c, errorDocument(error)));
    worker.on('exit', (code) => {
      if (c.gone) return;
      this.crashed(c, {
        errorType: 'Runtime.ExitError',
        errorMessage: `Runtime exited with error: exit status ${code}`,
        trace: [],
      });
    });
    return c;
  }

  private received(c: Container, m: WorkerMessage): void {
    if (m.type === 'ready') return;
    if (m.type === 'crash') {
      this.crashed(c, m.error);
      return;
    }
    const job = c.job;
    if (!job || job.id !== m.id) return;
    clearTimeout(job.timer);
    c.job = undefined;
    if (m.type === 'result') this.settle(job, JSON.parse(m.result));
    else this.settle(job, undefined, errorFromDocument(m.error));
    this.freed(c);
  }

  /** The container broke: the invocation in flight fails with the runtime's error, the container goes. */
  private crashed(c: Container, error: LambdaErrorDocument): void {
    if (c.gone) return;
    const job = c.job;
    c.job = undefined;
    void this.retire(c);
    if (job) {
      clearTimeout(job.timer);
      this.settle(job, undefined, errorFromDocument(error));
    } else {
      this.options.warn?.(
        `a service container crashed between invocations and was replaced: ${error.errorType}: ${error.errorMessage}`,
      );
    }
    this.drain();
  }

  private timedOut(job: Job): void {
    const seconds = (job.invocation.timeoutMs / 1000).toFixed(2);
    const error = new FunctionTimeout(`Task timed out after ${seconds} seconds`);
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const c = job.container;
    if (c && c.job === job) {
      // Only terminating the thread stops code that never yields (a busy loop).
      c.job = undefined;
      void this.retire(c);
      this.drain();
    }
    this.settle(job, undefined, error);
  }

  private freed(c: Container): void {
    if (c.gone) return;
    if (c.generation !== this.generation || this.closed) {
      void this.retire(c);
      this.drain();
      return;
    }
    const next = this.queue.shift();
    if (next) {
      this.run(c, next);
      return;
    }
    c.idle = setTimeout(() => {
      if (!c.job) void this.retire(c);
    }, this.idleMs);
    c.idle.unref();
  }

  /** Starts queued invocations on free capacity. */
  private drain(): void {
    while (this.queue.length > 0 && !this.closed && this.hasCapacity())
      this.dispatch(this.queue.shift() as Job);
  }

  private hasCapacity(): boolean {
    if (this.containers.size < this.maxWorkers) return true;
    for (const c of this.containers) if (!c.gone && !c.job && c.generation === this.generation) return true;
    return false;
  }

  private retire(c: Container): Promise<unknown> {
    if (c.idle) clearTimeout(c.idle);
    if (c.gone) return Promise.resolve();
    c.gone = true;
    this.containers.delete(c);
    return c.worker.terminate().catch(() => {});
  }

  private settle(job: Job, value: unknown, error?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.cleanup?.();
    if (error !== undefined) job.reject(error);
    else job.resolve(value);
  }
}
