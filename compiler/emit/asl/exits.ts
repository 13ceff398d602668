import { EXIT_COMPLETE, type StepPlan } from '../../plan/index.ts';
import type { Scope } from './scope.ts';
import { type ChoiceRule, type JsonObject, jsonata } from './types.ts';

/**
 * Process exits from nested scopes: `complete` or `fail` written inside a parallel branch or a
 * foreach body completes or fails the whole process, not just the branch or iteration.
 *
 * ASL cannot jump out of a Parallel branch or a Map iteration, so the branch or iteration ends
 * normally with a marker (`exit: 'complete' | 'fail'`, and the `failure` for `fail`) in its result.
 * The other branches and iterations are not interrupted: a Parallel or Map state only ends early
 * when one fails, so they run to their own end (or their own exit). Then a Choice after the state
 * routes, first match wins:
 *   1. any `fail` marker → the process failure path, with the first such branch's failure (the saga
 *      records of every branch and iteration are already in the process's list, so all completed
 *      compensable steps are compensated, those of other branches included);
 *   2. (wait_all / rollback) any failed branch → the parallel fails as its policy says;
 *   3. any `complete` marker → the process success path (lock release, `on_complete`, outputs);
 *   4. otherwise the step's `next`.
 * Inside a nested scope the Choice routes to that scope's own exit, so markers travel outwards
 * level by level.
 */

/** A step with nested scopes. */
type NestingPlan = StepPlan<'parallel'> | StepPlan<'foreach'>;

/** Record field (nested scopes) carrying the exits of a Parallel/Map's results to the Choice after it. */
export const EXITS_FIELD = `$states.result[$exists(exit)].{'exit': exit, 'failure': failure}`;

/**
 * JSONata, in the state after a Parallel/Map, for its results that may carry markers: the state's
 * own output at the top (the results, or `branches` of it), the recorded `exits` inside.
 */
export function exitResults(scope: Scope, inBranches: boolean): string {
  if (!scope.top) return '$states.input.exits';
  return inBranches ? '$states.input.branches' : '$states.input';
}

export interface ExitRules {
  readonly fail?: ChoiceRule;
  readonly complete?: ChoiceRule;
}

/** The Choice rules that route a parallel's or foreach's markers (`results` from `exitResults`). */
export function exitRules(scope: Scope, plan: NestingPlan, results: string): ExitRules {
  const exits = plan.exits;
  if (!exits) return {};
  const failed = `${results}[exit = 'fail']`;
  const failure = `${failed}[0].failure`;
  let fail: ChoiceRule | undefined;
  if (exits.fail) {
    const condition = jsonata(`$count(${failed}) > 0`);
    if (scope.top) {
      const assign: JsonObject = { failure: jsonata(failure) };
      fail = { Condition: condition, Next: scope.env.failureEntry, Assign: assign };
    } else {
      const next = scope.add(scope.env.names.aux(plan.step.name, 'exit fail'), {
        Type: 'Pass',
        Output: jsonata(`$merge([$states.input, {'failure': ${failure}, 'exit': 'fail'}])`),
        End: true,
      });
      fail = { Condition: condition, Next: next };
    }
  }
  const complete = exits.complete
    ? {
        Condition: jsonata(`$count(${results}[exit = 'complete']) > 0`),
        Next: scope.target(EXIT_COMPLETE),
      }
    : undefined;
  return { fail, complete };
}

/** Whether a parallel's or foreach's scopes can exit the process (it then routes after the state). */
export const routesExits = (plan: NestingPlan): boolean =>
  plan.exits !== undefined && (plan.exits.complete || plan.exits.fail);

/** The Choice after a parallel (fail_fast) or foreach that routes its markers, else to its `next`. */
export function emitExitChoice(scope: Scope, name: string, rules: ExitRules, plan: NestingPlan): string {
  return scope.add(name, {
    Type: 'Choice',
    Choices: [rules.fail, rules.complete].filter((r) => r !== undefined),
    Default: scope.target(plan.next),
  });
}
