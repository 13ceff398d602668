import { BedrockLlm } from '../shared/adapters/bedrock.ts';
import { loadIntents } from '../shared/config.ts';
import type { Env } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { once } from '../shared/once.ts';
import { parseLlmIntent } from '../shared/schemas.ts';
import { type LlmIntentDeps, runIntent } from './core.ts';

const log = createLogger('llm-intent');

export function buildDeps(env: Env): LlmIntentDeps {
  return { intents: loadIntents(env), llm: new BedrockLlm(), log };
}

const deps = once(() => buildDeps(process.env));

/** Target of `llm_intent` steps. Errors: `Dazzle.LlmInvalidJson`, `Dazzle.LlmTemplate`, `Dazzle.Config`. */
export const handler = async (event: unknown) => runIntent(parseLlmIntent(event), deps());
