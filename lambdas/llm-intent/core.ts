/**
 * The `llmIntent` step handler: fill the intent's prompt template from the step's input and ask
 * Bedrock (Converse API). Output: `{text}` for text intents; for JSON intents the parsed object
 * (a non-object JSON value comes back as `{value}`), so later steps read `<step>.<field>`.
 */
import type { LlmIntentEvent } from '../../compiler/contracts/runtime.ts';
import type { IntentsConfig } from '../shared/config.ts';
import { ConfigError, LlmInvalidJsonError, LlmTemplateError } from '../shared/errors.ts';
import { fieldValue } from '../shared/filters.ts';
import type { Log } from '../shared/logger.ts';
import type { Llm } from '../shared/ports.ts';

export interface LlmIntentDeps {
  intents: IntentsConfig;
  llm: Llm;
  log: Log;
}

const SLOT = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** `{{path}}` slots filled from `input` (dotted paths; objects as JSON); a missing value is an error. */
export function renderPrompt(intent: string, template: string, input: Record<string, unknown>): string {
  return template.replace(SLOT, (_m, path: string) => {
    const value = fieldValue(input, path);
    if (value === undefined || value === null) throw new LlmTemplateError(intent, path);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** Parse a JSON answer; models often wrap it in a ```json fence, which is removed first. */
export function parseJsonAnswer(intent: string, text: string): unknown {
  const fenced = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?\s*```\s*$/i.exec(text);
  try {
    return JSON.parse(fenced ? fenced[1] : text);
  } catch (err) {
    throw new LlmInvalidJsonError(intent, err);
  }
}

export async function runIntent(
  event: LlmIntentEvent,
  deps: LlmIntentDeps,
): Promise<Record<string, unknown>> {
  const intent = Object.hasOwn(deps.intents, event.intent) ? deps.intents[event.intent] : undefined;
  if (!intent) throw new ConfigError(`intent '${event.intent}' is not configured`);
  const prompt = renderPrompt(event.intent, intent.prompt, event.input);
  const answer = await deps.llm.converse({
    modelId: intent.model_id,
    ...(intent.system !== undefined && { system: intent.system }),
    prompt,
    maxTokens: intent.max_tokens,
    ...(intent.temperature !== undefined && { temperature: intent.temperature }),
  });
  deps.log.info('intent answered', {
    intent: event.intent,
    process: event.process,
    step: event.step,
    stop_reason: answer.stopReason,
    ...answer.usage,
  });
  if (intent.output === 'text') return { text: answer.text };
  const value = parseJsonAnswer(event.intent, answer.text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}
