import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSignalStore } from '../../../lambdas/shared/adapters/dynamo-signal-store.ts';
import { SfnCallbacks } from '../../../lambdas/shared/adapters/sfn.ts';
import { deliverSignal } from '../../../lambdas/signal-deliver/core.ts';
import { fromEventBridge } from '../../../lambdas/signal-deliver/handler.ts';
import { registerSignalWait } from '../../../lambdas/signal-register/core.ts';
import { type LocalDynamo, startDynamo } from '../helpers/dynalite.ts';
import { FakeClock, RecordingLog } from '../helpers/fakes.ts';

let db: LocalDynamo;
const sfn = mockClient(SFNClient);

beforeAll(async () => {
  db = await startDynamo();
});
afterAll(async () => {
  sfn.restore();
  await db.close();
});
beforeEach(() => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
});

function deps() {
  return {
    signals: new DynamoSignalStore(db.doc, db.stateTable),
    callbacks: new SfnCallbacks(new SFNClient({ region: 'us-east-1' })),
    clock: new FakeClock(),
    log: new RecordingLog(),
  };
}

async function wait(signal: string, token: string, correlation_id?: string) {
  await registerSignalWait(
    {
      token,
      process: 'p',
      step: 'w',
      execution: { id: `arn:${token}`, name: token, start_time: '2026-11-25T09:00:00.000Z' },
      signal,
      ...(correlation_id !== undefined && { correlation_id }),
      timeout_seconds: 600,
    },
    deps(),
  );
}

describe('signals on DynamoDB (dynalite)', () => {
  it('the same Signal event delivered twice resumes the wait once', async () => {
    await wait('paid', 'tok-a', 'o-1');
    const event = {
      id: 'ev-1',
      'detail-type': 'Signal',
      detail: { name: 'paid', correlation_id: 'o-1', payload: { n: 1 } },
    };
    expect(await deliverSignal(fromEventBridge(event), deps())).toEqual({ delivered: 1 });
    await wait('paid', 'tok-b', 'o-1'); // registered after the first delivery: not for this event
    expect(await deliverSignal(fromEventBridge(event), deps())).toEqual({ delivered: 1, duplicate: true });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'tok-a',
      output: JSON.stringify({ signal: 'paid', correlation_id: 'o-1', payload: { n: 1 } }),
    });
  });

  it('concurrent duplicate and distinct deliveries resume each wait exactly once', async () => {
    for (let i = 0; i < 5; i++) await wait('shipped', `ship-${i}`, 'o-2');
    const event = {
      id: 'ev-2',
      'detail-type': 'Signal',
      detail: { name: 'shipped', correlation_id: 'o-2', payload: {} },
    };
    const dup = Promise.allSettled(
      Array.from({ length: 10 }, () => deliverSignal(fromEventBridge(event), deps())),
    );
    const distinct = Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        deliverSignal(
          { name: 'shipped', correlation_id: 'o-2', payload: {}, delivery_id: `http:${i}` },
          deps(),
        ),
      ),
    );
    const all = [...(await dup), ...(await distinct)];
    // Duplicates that overlap the first delivery are told to retry (Conflict), never dropped silently.
    for (const r of all) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'Conflict' });
    const fulfilled = all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(fulfilled.reduce((n, r) => n + (r.duplicate ? 0 : r.delivered), 0)).toBe(5);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 5);
    expect(await deliverSignal(fromEventBridge(event), deps())).toMatchObject({ duplicate: true });
  });

  it('resumes uncorrelated waits on any delivery of the signal', async () => {
    await wait('tick', 'tick-any');
    await wait('tick', 'tick-x', 'x');
    expect(await deliverSignal({ name: 'tick', correlation_id: 'y', payload: {} }, deps())).toEqual({
      delivered: 1,
    });
    expect(await deliverSignal({ name: 'tick', correlation_id: 'x', payload: {} }, deps())).toEqual({
      delivered: 1,
    });
  });
});
