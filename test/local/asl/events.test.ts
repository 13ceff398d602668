/**
 * The EventBridge integration, pinned to https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html:
 * `events:putEvents` sends Entries (Detail given as JSON is sent as a string), outputs
 * {Entries, FailedEntryCount}, and fails with `EventBridge.FailedEntry` when an entry fails.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, type PutEventsEntry } from '../../../local/asl/index.ts';
import { machine } from './helpers.ts';

const send = machine({
  Send: {
    Type: 'Task',
    Resource: 'arn:aws:states:::events:putEvents',
    Arguments: {
      Entries: [
        {
          Source: 'dazzle.shop',
          DetailType: 'OrderShipped',
          EventBusName: 'app-bus',
          Detail: { order: '{% $states.input.order %}' },
        },
      ],
    },
    End: true,
  },
});

describe('events:putEvents', () => {
  it('sends the entries with Detail as a JSON string and outputs the PutEvents result', async () => {
    const sent: PutEventsEntry[] = [];
    const engine = new AslEngine({
      integrations: {
        putEvents: async (entries) => {
          sent.push(...entries);
          return { Entries: entries.map((_, i) => ({ EventId: `e${i}` })), FailedEntryCount: 0 };
        },
      },
    });
    engine.registerStateMachine('send', send);
    const result = await engine.runExecution('send', { order: 'A1' });
    expect(sent).toEqual([
      {
        Source: 'dazzle.shop',
        DetailType: 'OrderShipped',
        EventBusName: 'app-bus',
        Detail: '{"order":"A1"}',
      },
    ]);
    expect(result.output).toEqual({ Entries: [{ EventId: 'e0' }], FailedEntryCount: 0 });
  });

  it('fails with EventBridge.FailedEntry when an entry is not accepted', async () => {
    const engine = new AslEngine({
      integrations: {
        putEvents: async () => ({ Entries: [{ ErrorCode: 'InternalFailure' }], FailedEntryCount: 1 }),
      },
    });
    engine.registerStateMachine('send', send);
    expect((await engine.runExecution('send', { order: 'A1' })).error).toBe('EventBridge.FailedEntry');
  });
});
