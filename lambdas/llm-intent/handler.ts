import { BedrockLlm } from '../shared/adapters/bedrock.ts';
import { lambdaEntry } from '../shared/api.ts';
import { loadIntents } from '../shared/config.ts';
import type { Env } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { parseLlmIntent } from '../shared/schemas.ts';
import { type LlmIntentDeps, runIntent } from './core.ts';

const log = createLogger('llm-intent');

export function buildDeps(env: Env): LlmIntentDeps {
  return { intents: loadIntents(env), llm: new BedrockLlm(), log };
}

/** Target of `llm_intent` steps. Errors: `Dazzle.LlmInvalidJson`, `Dazzle.LlmTemplate`, `Dazzle.Config`. */
export const handle = (event: unknown, deps: LlmIntentDeps) => runIntent(parseLlmIntent(event), deps);

export const handler = lambdaEntry(handle, buildDeps, log);
