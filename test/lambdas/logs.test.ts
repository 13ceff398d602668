/**
 * No task token and no form or signal payload value appears in what the handlers log, at any log
 * level: the Powertools logger's output (stdout/stderr) is captured at DEBUG while tasks and signal
 * waits are registered, listed, completed and delivered — including when Step Functions fails with
 * an error that echoes the token, as AWS's validation errors echo the values they reject.
 */
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalDynamo, startDynamo } from './helpers/dynalite.ts';
import { coldStart, setEnv } from './helpers/entries.ts';
import { parse, request } from './helpers/http.ts';
import { taskEvent } from './tasks/fixtures.ts';

const TASK_TOKEN = `AQCEAAAAKgAAAAMAAAAAtask${'k'.repeat(300)}TASKTOKENTAIL`;
const WAIT_TOKEN = `AQCEAAAAKgAAAAMAAAAAwait${'w'.repeat(300)}WAITTOKENTAIL`;
const FORM_SECRET = 'form-secret-4111111111111111';
const SIGNAL_SECRET = 'signal-secret-iban-GB29NWBK60161331926819';

const sfn = mockClient(SFNClient);
let db: LocalDynamo;
let output = '';

/** An SDK error as AWS returns it for a rejected token: the message quotes the value. */
const echoing = (token: string) =>
  Object.assign(
    new Error(`1 validation error detected: Value '${token}' at 'taskToken' failed to satisfy constraint`),
    {
      name: 'ValidationException',
    },
  );

beforeAll(async () => {
  db = await startDynamo();
  const endpoint = await db.client.config.endpoint?.();
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
  setEnv({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`,
    DAZZLE_STATE_TABLE: db.stateTable,
    DAZZLE_ENTITY_TABLE: db.entityTable,
    DAZZLE_ACCESS: JSON.stringify({ signals: { payment_received: ['payments'] } }),
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    POWERTOOLS_LOGGER_LOG_EVENT: 'true',
    POWERTOOLS_DEV: undefined,
  });
});

afterEach(() => sfn.reset());

afterAll(async () => {
  vi.restoreAllMocks();
  sfn.restore();
  await db.close();
});

describe('handler logs', () => {
  it('never carry a task token, form data or a signal payload', async () => {
    const e = await coldStart({});
    const finance = { sub: 'fiona', 'cognito:groups': ['finance'] };
    const { task_id } = await e.taskRegister(
      taskEvent(
        {
          role: 'finance',
          escalation_seconds: undefined,
          form: [{ name: 'notes', type: 'text', required: true }],
        },
        TASK_TOKEN,
      ),
    );
    await e.taskApi(request('GET', '/tasks', { claims: finance }));
    const complete = () =>
      e.taskApi(
        request('POST', `/tasks/${task_id}/complete`, {
          body: { outcome: 'approve', data: { notes: FORM_SECRET } },
          claims: finance,
        }),
      );
    sfn.on(SendTaskSuccessCommand).rejects(echoing(TASK_TOKEN));
    expect((await complete()).statusCode).toBe(502);
    sfn.on(SendTaskSuccessCommand).resolves({});
    const done = await complete();
    expect(done.statusCode).toBe(200);
    expect(parse(done).task.token_hash).toBeUndefined();

    await e.signalRegister({
      token: WAIT_TOKEN,
      process: 'pay_flow',
      step: 'await_payment',
      execution: {
        id: 'arn:aws:states:us-east-1:1:execution:pay_flow:r',
        name: 'r',
        start_time: '2026-11-25T10:00:00Z',
      },
      signal: 'payment_received',
      correlation_id: 'order-1',
      timeout_seconds: 60,
    });
    const deliver = () =>
      e.signalDeliver(
        request('POST', '/signals/payment_received', {
          body: { correlation_id: 'order-1', payload: { iban: SIGNAL_SECRET } },
          claims: { sub: 'pat', 'cognito:groups': ['payments'] },
        }),
      );
    sfn.on(SendTaskSuccessCommand).rejects(echoing(WAIT_TOKEN));
    expect((await deliver()).statusCode).toBe(502);
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(parse(await deliver())).toEqual({ delivered: 1 });

    // Something was logged at all (the capture works), and none of it is secret.
    expect(output).toContain('task completed');
    expect(output).toContain('signal delivered');
    for (const secret of [
      TASK_TOKEN,
      WAIT_TOKEN,
      'TASKTOKENTAIL',
      'WAITTOKENTAIL',
      FORM_SECRET,
      SIGNAL_SECRET,
    ])
      expect(output).not.toContain(secret);
  });
});
