import { describe, expect, it } from 'vitest';
import { parseJsonAnswer, renderPrompt, runIntent } from '../../../lambdas/llm-intent/core.ts';
import type { LlmRequest } from '../../../lambdas/shared/ports.ts';
import { RecordingLog } from '../helpers/fakes.ts';

const exec = { id: 'arn:exec:1', name: '1', start_time: '2026-11-25T09:00:00.000Z' };

function setup(answer: string) {
  const requests: LlmRequest[] = [];
  const deps = {
    intents: {
      classify: {
        model_id: 'anthropic.claude',
        prompt: 'Classify {{ticket.subject}} for {{customer}}',
        output: 'json' as const,
        max_tokens: 200,
      },
      summarise: {
        model_id: 'amazon.nova',
        prompt: 'Summarise: {{text}}',
        output: 'text' as const,
        max_tokens: 500,
        system: 'Be brief.',
      },
    },
    llm: {
      converse: async (r: LlmRequest) => {
        requests.push(r);
        return { text: answer, stopReason: 'end_turn', usage: { input_tokens: 10, output_tokens: 5 } };
      },
    },
    log: new RecordingLog(),
  };
  return { deps, requests };
}

const event = (intent: string, input: Record<string, unknown>) => ({
  process: 'p',
  step: 's',
  execution: exec,
  intent,
  input,
});

describe('llm intent', () => {
  it('fills the template from the input and returns the parsed JSON answer', async () => {
    const { deps, requests } = setup('```json\n{"category": "billing", "urgent": true}\n```');
    const out = await runIntent(
      event('classify', { ticket: { subject: 'Refund' }, customer: { id: 7 } }),
      deps,
    );
    expect(out).toEqual({ category: 'billing', urgent: true });
    expect(requests).toEqual([
      { modelId: 'anthropic.claude', prompt: 'Classify Refund for {"id":7}', maxTokens: 200 },
    ]);
  });

  it('returns {text} for text intents, with the system prompt', async () => {
    const { deps, requests } = setup('Short.');
    expect(await runIntent(event('summarise', { text: 'long' }), deps)).toEqual({ text: 'Short.' });
    expect(requests[0].system).toBe('Be brief.');
  });

  it('wraps a non-object JSON answer as {value}', () => {
    expect(parseJsonAnswer('i', '[1,2]')).toEqual([1, 2]);
  });

  it('a JSON intent with a non-JSON answer fails with Dazzle.LlmInvalidJson', async () => {
    const { deps } = setup('I think it is billing.');
    await expect(
      runIntent(event('classify', { ticket: { subject: 'x' }, customer: 'c' }), deps),
    ).rejects.toMatchObject({
      name: 'Dazzle.LlmInvalidJson',
      code: 'LlmInvalidJson',
    });
  });

  it('a missing slot value and an unknown intent are named errors', async () => {
    const { deps } = setup('{}');
    expect(() => renderPrompt('classify', 'Hi {{who}}', {})).toThrow(/who/);
    await expect(runIntent(event('nope', {}), deps)).rejects.toMatchObject({ name: 'Dazzle.Config' });
  });
});
