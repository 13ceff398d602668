import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import { allSteps, type StepPlan } from '../../../plan/index.ts';
import { emitExitChoice, exitResults, exitRules, routesExits } from '../exits.ts';
import { emitLinearRetry, retriers } from '../retry.ts';
import { Scope } from '../scope.ts';
import type { MapState } from '../types.ts';

/**
 * Foreach: a Map over the source's items — a previous step's output array (its `items` when it is
 * a query result), or a path. INLINE with `MaxConcurrency` (0 = no limit) unless `mode:
 * distributed` (Mode DISTRIBUTED, ExecutionType STANDARD). Each iteration starts with a context
 * object carrying `item` and `item_index` (a distributed Map cannot read outer variables, so the
 * context is always passed in).
 *
 * An iteration returns only its result `{steps, completed, exit?, failure?}` (see
 * `scopeResult`), never its context, so the Map's result does not carry the input, trigger and outer
 * step outputs once per item (256 KiB payload limit). The step output is the list, in item order,
 * of each iteration's step outputs by step name (`[{<step>: <output>, …}, …]`); the iterations' saga
 * records join the enclosing scope's. `complete` / `fail` written in the body end the process: see
 * exits.ts.
 */
export function emitForeach(scope: Scope, plan: StepPlan<'foreach'>): string {
  const step = plan.step;
  const env = scope.env;
  const body = plan.scopes?.[0];
  const name = env.names.step(step.name);
  const child = body ? new Scope(env, body, `${step.name} item`, true, false) : undefined;
  if (child) env.emitNested(child);
  const startAt = body?.steps[0] ? env.names.step(body.steps[0].step.name) : undefined;
  const states = child?.states ?? {};
  const emptyBody = startAt === undefined ? env.names.aux(step.name, 'item done') : undefined;
  if (emptyBody) {
    env.names.claim(emptyBody);
    states[emptyBody] = { Type: 'Succeed', Output: { steps: {} } };
  }
  const distributed = step.foreach_mode === 'distributed';
  const routed = routesExits(plan);
  const exitChoice = env.names.aux(step.name, 'exits');
  const retry = retriers(step.retry, undefined);
  const map: MapState = {
    Type: 'Map',
    Items: scope.t(
      `($v := ${itemsSource(scope, plan)}; $type($v) = 'array' ? $v : ($exists($v) and $type($v) != 'null' ? [$v] : []))`,
    ),
    ItemSelector: scope.childContext(true, child ? [child] : []),
    MaxConcurrency: step.foreach_concurrency ?? 0,
    ItemProcessor: {
      ProcessorConfig: distributed ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
      StartAt: startAt ?? emptyBody ?? '',
      States: states,
    },
    ...scope.record(plan, '[$states.result.steps]', {
      childRecords: '[$states.result.completed]',
      exits: routed,
    }),
    ...(retry ? { Retry: retry } : {}),
    Catch: scope.catchers(plan),
    ...(routed ? { Next: exitChoice } : scope.flow(plan.next)),
  };
  scope.add(name, map);
  emitLinearRetry(scope, plan, name);
  if (routed) emitExitChoice(scope, exitChoice, exitRules(scope, plan, exitResults(scope, false)), plan);
  if (distributed) {
    const self = env.workflow;
    env.iam.add(name, ['states:StartExecution'], [PLACEHOLDER.stateMachine(self)]);
    // The Map Run's child executions are `execution:<machine>/<label>:<id>` (not matched by
    // `execution:<machine>:*`); Step Functions describes and stops them with the machine's role.
    env.iam.add(
      name,
      ['states:DescribeExecution', 'states:StopExecution'],
      [PLACEHOLDER.executions(self), PLACEHOLDER.mapRunExecutions(self)],
    );
  }
  return name;
}

/** JSONata for the items: a step's output (its `items` for a query), else the source as a path. */
function itemsSource(scope: Scope, plan: StepPlan<'foreach'>): string {
  const source = plan.step.foreach_source;
  const producer = allSteps(scope.env.plan.root).find(
    (s) => s.step.name === source || s.step.output_mapping === source,
  );
  if (!producer) return scope.env.expr.path(source, scope.inForeach, plan.step, 'foreach_source');
  const output = scope.stepRef(producer.step.name);
  if (producer.step.kind === 'query') return `${output}.items`;
  return `($s := ${output}; $type($s) = 'array' ? $s : $s.items)`;
}
