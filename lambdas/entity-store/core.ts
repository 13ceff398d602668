/**
 * The `entityStore` step handler: queries (Django-style filters, limit, paging) and effects
 * (create / update-where) on an `EntityStore`. Values arrive already evaluated by the state machine.
 */
import type {
  EntityEffectsResult,
  EntityQueryResult,
  EntityStoreEvent,
} from '../../compiler/contracts/runtime.ts';
import { deterministicId } from '../shared/hash.ts';
import type { Log } from '../shared/logger.ts';
import type { Clock, EntityStore } from '../shared/ports.ts';

export interface EntityStoreDeps {
  store: EntityStore;
  clock: Clock;
  newId: () => string;
  log: Log;
}

/** Upper bound of one query's `limit` (the compiler's default is 1000). */
export const MAX_LIMIT = 1000;

export async function handleEntityStore(
  event: EntityStoreEvent,
  deps: EntityStoreDeps,
): Promise<EntityQueryResult | EntityEffectsResult> {
  switch (event.op) {
    case 'query': {
      const limit = Math.min(Math.max(1, event.limit), MAX_LIMIT);
      const page = await deps.store.query(event.entity, event.filter, limit, event.next_token);
      return {
        items: page.items,
        count: page.items.length,
        ...(page.next_token !== undefined && { next_token: page.next_token }),
      };
    }
    case 'effects':
      return applyEffects(event, deps);
    default: {
      const never: never = event;
      return never;
    }
  }
}

async function applyEffects(
  event: Extract<EntityStoreEvent, { op: 'effects' }>,
  deps: EntityStoreDeps,
): Promise<EntityEffectsResult> {
  const result: EntityEffectsResult = { created: [], updated: [] };
  const now = deps.clock.now().toISOString();
  for (const [index, effect] of event.effects.entries()) {
    switch (effect.action) {
      case 'create': {
        // A given id (natural key) wins; else one derived from request_id (retry-safe) or a new one.
        const given = effect.values.id;
        const id =
          typeof given === 'string' && given !== ''
            ? given
            : event.request_id !== undefined
              ? deterministicId(`${event.request_id}#${index}`)
              : deps.newId();
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
    process: event.process,
    step: event.step,
    execution: event.execution.id,
    created: result.created.length,
    updated: result.updated.reduce((n, u) => n + u.count, 0),
  });
  return result;
}
