/**
 * The `entityStore` step handler: queries (Django-style filters, limit, paging) and effects
 * (create / update-where) on an `EntityStore`. Values arrive already evaluated by the state machine.
 */
import type {
  EntityEffectsResult,
  EntityQueryResult,
  EntityStoreEvent,
} from '../../compiler/contracts/runtime.ts';
import { applyEffects, type EffectsDeps } from '../shared/effects.ts';

export type EntityStoreDeps = EffectsDeps;

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
