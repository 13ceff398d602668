/**
 * One loopback HTTP endpoint speaking the AWS protocols of the three services the handler Lambdas
 * call: Step Functions (awsJson1_0), EventBridge (awsJson1_1) and EventBridge Scheduler (restJson1).
 * Point `AWS_ENDPOINT_URL_SFN`, `..._EVENTBRIDGE` and `..._SCHEDULER` at it and the real SDK clients
 * talk to the local runtime. Errors use AWS's JSON error shape (`__type` / `x-amzn-errortype`).
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { AslApiError, type AslEngine, type PutEventsEntry, type PutEventsResult } from '../asl/index.ts';
import { AwsProtocolError } from './errors.ts';
import { closeServer, listen, loopbackServer, readBody, sendJson } from './http.ts';
import { SCHEDULER_ROUTES, type SchedulerApi } from './scheduler.ts';
import { SFN_OPERATIONS } from './sfn.ts';

export interface AwsBackends {
  engine: AslEngine;
  putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult>;
  scheduler: SchedulerApi;
}

const JSON_1_0 = 'application/x-amz-json-1.0';
const JSON_1_1 = 'application/x-amz-json-1.1';

export class LocalAwsEndpoint {
  private readonly server: Server;
  private port = 0;
  /** Serves one request (the server's listener; also called in-process, local/aws/in-process.ts). */
  readonly listener: RequestListener = (req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { __type: 'InternalFailure', message: String(error) });
    });
  };

  constructor(private readonly backends: AwsBackends) {
    this.server = loopbackServer(createServer(this.listener));
  }

  async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [service, op] = target.split('.');
      const contentType = service === 'AWSEvents' ? JSON_1_1 : JSON_1_0;
      try {
        const parsed = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
        sendJson(res, 200, await this.rpc(service, op, parsed), {}, contentType);
      } catch (error) {
        const { code, message, status } = wireError(error);
        sendJson(res, status, { __type: code, message }, { 'x-amzn-errortype': code }, contentType);
      }
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    for (const route of SCHEDULER_ROUTES) {
      const m = route.path.exec(url.pathname);
      if (!m || route.method !== req.method) continue;
      try {
        const parsed = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
        const name = decodeURIComponent(m[1]);
        sendJson(res, 200, await route.run(this.backends.scheduler, name, parsed, url.searchParams));
      } catch (error) {
        const { code, message, status } = wireError(error);
        sendJson(res, status, { message }, { 'x-amzn-errortype': code });
      }
      return;
    }
    sendJson(
      res,
      404,
      { message: `no route ${req.method} ${url.pathname}` },
      { 'x-amzn-errortype': 'UnknownOperationException' },
    );
  }

  private async rpc(service: string, op: string, body: Record<string, unknown>): Promise<unknown> {
    if (service === 'AWSStepFunctions') {
      const run = Object.hasOwn(SFN_OPERATIONS, op) ? SFN_OPERATIONS[op] : undefined;
      if (!run)
        throw new AwsProtocolError(
          'UnknownOperationException',
          `Step Functions operation ${op} is not implemented locally`,
        );
      return run(this.backends.engine, body);
    }
    if (service === 'AWSEvents' && op === 'PutEvents') {
      const entries = body.Entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10)
        throw new AwsProtocolError('ValidationException', 'Entries must hold 1 to 10 entries');
      return this.backends.putEvents(entries as PutEventsEntry[]);
    }
    throw new AwsProtocolError('UnknownOperationException', `${service}.${op} is not implemented locally`);
  }
}

function wireError(error: unknown): { code: string; message: string; status: number } {
  if (error instanceof AwsProtocolError)
    return { code: error.code, message: error.message, status: error.status };
  if (error instanceof AslApiError) return { code: error.name, message: error.message, status: 400 };
  if (error instanceof SyntaxError)
    return { code: 'SerializationException', message: error.message, status: 400 };
  return {
    code: 'InternalFailure',
    message: error instanceof Error ? error.message : String(error),
    status: 500,
  };
}
