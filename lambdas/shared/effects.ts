/**
 * Entity changes (create / update-where) on an `EntityStore`: what the entity-store handler does for
 * an `effects` call, and what the task API does for a completed outcome's `sets`.
 */
import { randomUUID } from 'node:crypto';
import type { EntityEffect, EntityEffectsResult, ExecutionRef } from '../../compiler/contracts/runtime.ts';
import { deterministicId } from './hash.ts';
import type { Log } from './logger.ts';
import type { Clock, EntityStore } from './ports.ts';

export interface EffectsDeps {
  store: EntityStore;
  clock: Clock;
  /** Ids of rows created by a call without `request_id`. @default randomUUID */
  newId?: () => string;
  log: Log;
}

export interface EffectsCall {
  process: string;
  step: string;
  execution: ExecutionRef;
  /** Who caused the changes (a human task's completer), for the log. */
  actor?: string;
  /**
   * Stable across retries of one request: created ids derive from it, so a retry creates nothing
   * twice; without it each call creates new rows.
   */
  request_id?: string;
  effects: readonly EntityEffect[];
}

export async function applyEffects(call: EffectsCall, deps: EffectsDeps): Promise<EntityEffectsResult> {
  const result: EntityEffectsResult = { created: [], updated: [] };
  const now = deps.clock.now().toISOString();
  for (const [index, effect] of call.effects.entries()) {
    switch (effect.action) {
      case 'create': {
        // A given id (natural key) wins; else one derived from request_id (retry-safe) or a new one.
        const given = effect.values.id;
        const id =
          typeof given === 'string' && given !== ''
            ? given
            : call.request_id !== undefined
              ? deterministicId(`${call.request_id}#${index}`)
              : (deps.newId ?? randomUUID)();
        const { id: _ignored, ...values } = effect.values;
        const created = await deps.store.create(effect.entity, id, { created_at: now, ...values });
        if (!created)
          deps.log.info('entity already created (retried request)', { entity: effect.entity, id });
        result.created.push({ entity: effect.entity, id });
        break;
      }
      case 'update': {
        const count = await deps.store.update(effect.entity, effect.where, effect.values);
        result.updated.push({ entity: effect.entity, count });
        break;
      }
      default: {
        const never: never = effect.action;
        return never;
      }
    }
  }
  deps.log.info('effects applied', {
    process: call.process,
    step: call.step,
    execution: call.execution.id,
    ...(call.actor !== undefined && { actor: call.actor }),
    created: result.created.length,
    updated: result.updated.reduce((n, u) => n + u.count, 0),
  });
  return result;
}
