/**
 * The local stand-in for Amazon Bedrock behind the real llm-intent core: a deterministic model that
 * answers each intent with JSON computed from the step's input. `<services>/intents/<intent>.ts`
 * exporting `handler(input)` answers that intent instead (return an object, or a string).
 */
import type { LlmIntentEvent } from '../../compiler/contracts/runtime.ts';
import type { IntentsConfig } from '../../lambdas/shared/config.ts';
import type { Llm } from '../../lambdas/shared/ports.ts';

/** Answers an intent: the text the model returns. */
export type FakeModel = (intent: string, input: Record<string, unknown>) => Promise<string>;

export const FAKE_MODEL_ID = 'local.fake-model';

/** The intents config and model the llm-intent core runs with for one event. */
export function fakeLlm(event: LlmIntentEvent, model: FakeModel): { intents: IntentsConfig; llm: Llm } {
  return {
    intents: {
      [event.intent]: { model_id: FAKE_MODEL_ID, prompt: '', output: 'json', max_tokens: 1024 },
    },
    llm: {
      converse: async () => ({
        text: await model(event.intent, event.input),
        stopReason: 'end_turn',
        usage: {},
      }),
    },
  };
}

/** The default answer: a summary of the input, a neutral category, full confidence. */
export function defaultAnswer(intent: string, input: Record<string, unknown>): Record<string, unknown> {
  const parts = Object.keys(input)
    .sort()
    .map((k) => `${k}=${typeof input[k] === 'string' ? input[k] : JSON.stringify(input[k])}`);
  return {
    intent,
    summary: `${intent}: ${parts.join(', ')}`.slice(0, 200),
    category: 'general',
    label: 'general',
    confidence: 1,
  };
}

/** A model that asks `custom(intent)` first and falls back to `defaultAnswer`. */
export function localModel(
  custom: (intent: string) => Promise<((input: Record<string, unknown>) => unknown) | undefined>,
): FakeModel {
  return async (intent, input) => {
    const answer = await custom(intent);
    const value = answer ? await answer(input) : defaultAnswer(intent, input);
    return typeof value === 'string' ? value : JSON.stringify(value ?? null);
  };
}
