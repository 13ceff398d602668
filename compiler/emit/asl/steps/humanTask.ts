import { outcomeError, PLACEHOLDER } from '../../../contracts/runtime.ts';
import type { FieldAssignment, HumanTaskOutcome, StepOf } from '../../../ir/types.ts';
import type { OutcomeRoute, StepPlan } from '../../../plan/index.ts';
import { LAMBDA_TRANSIENT_ERRORS, transientRetry } from '../retry.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitTaskStep, lambdaArgs, RESOURCE, whoBody } from '../task.ts';
import { type Catcher, type JsonValue, jsonata, lit, str } from '../types.ts';
import { assignmentValues, ENTITY_STORE, entityIdBody, requestIdBody } from './entityStore.ts';

/**
 * Human task: `.waitForTaskToken` call of the task-register handler (TaskRegisterEvent); the output
 * is the TaskCompletion `{outcome, data, completed_by}`.
 *
 * Outcomes route without a state of their own: the first declared outcome resumes the execution
 * with SendTaskSuccess, so it is the Task's `Next`; every other one resumes it with SendTaskFailure,
 * error `HumanTask.Outcome.<name>` and the completion as JSON in the cause (`outcome_errors` in the
 * payload tells the task API so), and the Task catches each such error (before its catch-all) to
 * its `goto`, parsing the cause back into the step's output with `$parse`, a JSONata function Step
 * Functions adds (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 * The task API accepts only declared outcomes, so no outcome is unknown here.
 *
 * An outcome's `sets` are evaluated here, when the task registers, and passed in the payload
 * (`task.effects`): the task API applies them when it completes the task, before the execution
 * resumes. Only `sets` that read what the completion brings (the step's own output) or the time of
 * completion (`now()`) cannot be evaluated early: such an outcome first applies them in a state of
 * its own through the entity store (op `effects`, actor = the completer).
 */
export function emitHumanTask(scope: Scope, plan: StepPlan<'human_task'>): string {
  const step = plan.step;
  const spec = step.human_task;
  // Never empty: a task that declares no outcome has the implicit `complete`.
  const [first, ...others] = plan.outcomes ?? [];
  // Outcome → its `sets` as EntityEffects: applied by the task API, or by a state of its own.
  const effects = new Map<string, string>();
  const setsStates = new Map<string, string>();
  for (const { outcome } of plan.outcomes ?? []) {
    if (outcome.sets.length === 0) continue;
    const body = outcomeEffects(scope, step, outcome);
    (readsCompletion(scope, step.name, body) ? setsStates : effects).set(outcome.name, body);
  }
  const routeOf = (route: OutcomeRoute) => emitRoute(scope, plan, route, setsStates.get(route.outcome.name));
  const fn = PLACEHOLDER.handlerFunction('taskRegister');
  const entity = spec.entity_path ? spec.entity_path.split('.')[0] : undefined;
  const task: string[] = [
    `'title': ${str(spec.title ?? humanize(step.name))}`,
    ...(spec.surface ? [`'surface': ${str(spec.surface)}`] : []),
    ...(spec.assignee_role ? [`'role': ${str(spec.assignee_role)}`] : []),
    ...(spec.assignee_expression
      ? [
          `'assignee': ${scope.env.expr.path(spec.assignee_expression, scope.inForeach, spec, 'assignee_expression')}`,
        ]
      : []),
    ...(entity ? [`'entity': {'name': ${str(entity)}, 'id': ${entityIdBody(entity)}}`] : []),
    `'form': ${lit(formJson(spec.form ?? []))}`,
    `'outcomes': ${lit((plan.outcomes ?? []).map((r) => outcomeJson(r.outcome)))}`,
    `'timeout_seconds': ${spec.timeout_seconds}`,
    ...(spec.escalation_timeout_seconds !== undefined
      ? [`'escalation_seconds': ${spec.escalation_timeout_seconds}`]
      : []),
    ...(effects.size > 0
      ? [`'effects': {${[...effects].map(([name, body]) => `${str(name)}: ${body}`).join(', ')}}`]
      : []),
    ...(others.length > 0 ? [`'outcome_errors': true`] : []),
  ];
  const payload = `{'token': $states.context.Task.Token, ${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'task': {${task.join(', ')}}}`;
  // The first outcome continues from the Task itself (so a plain target may end a branch there).
  const plain = !setsStates.has(first.outcome.name) && first.target.kind !== 'fail';
  const next = plain ? first.target : routeOf(first);
  const completion = '$parse($states.errorOutput.Cause)';
  const catchers = others.map(
    (route): Catcher => ({
      ErrorEquals: [outcomeError(route.outcome.name)],
      Next: routeOf(route),
      ...scope.record(plan, completion),
    }),
  );
  const entry = emitTaskStep(scope, plan, {
    resource: RESOURCE.lambdaCallback,
    args: lambdaArgs(fn, scope.t(payload)),
    result: '$states.result',
    timeoutSeconds: spec.timeout_seconds,
    transient: LAMBDA_TRANSIENT_ERRORS,
    next,
    catchers,
  });
  scope.env.iam.invokeLambda(entry, fn);
  return entry;
}

/** The state an outcome continues with: its `sets` state, a recorded failure, or its target. */
function emitRoute(
  scope: Scope,
  plan: StepPlan<'human_task'>,
  route: OutcomeRoute,
  /** JSONata for the outcome's EntityEffects when a state of its own applies them. */
  setsEffects: string | undefined,
): string {
  const step = plan.step;
  const names = scope.env.names;
  const outcome = route.outcome;
  const target =
    route.target.kind === 'fail'
      ? scope.failWith(
          names.aux(step.name, `outcome ${outcome.name} fails`),
          step.name,
          "'HumanTask.OutcomeFail'",
          str(`outcome '${outcome.name}' of step '${step.name}' goes to fail`),
          route.target,
        )
      : scope.target(route.target);
  if (setsEffects === undefined) return target;
  const name = names.aux(step.name, `sets ${outcome.name}`);
  const payload = `{'op': 'effects', ${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'actor': ${scope.ownOutput(step.name)}.completed_by, 'request_id': ${requestIdBody(scope)}, 'effects': ${setsEffects}}`;
  const failure = `{'step': ${str(step.name)}, 'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause}`;
  scope.add(name, {
    Type: 'Task',
    Resource: RESOURCE.lambdaInvoke,
    Arguments: lambdaArgs(ENTITY_STORE, scope.t(payload)),
    TimeoutSeconds: step.timeout_seconds,
    Retry: transientRetry(LAMBDA_TRANSIENT_ERRORS),
    Catch: [
      scope.top
        ? {
            ErrorEquals: ['States.ALL'],
            Next: scope.target(plan.onFailure),
            Assign: { failure: jsonata(failure) },
          }
        : {
            ErrorEquals: ['States.ALL'],
            Next: scope.target(plan.onFailure),
            Output: jsonata(`$merge([$states.input, {'failure': ${failure}}])`),
          },
    ],
    ...(scope.top ? {} : { Output: jsonata('$states.input') }),
    Next: target,
  });
  scope.env.iam.invokeLambda(name, ENTITY_STORE);
  return name;
}

/** JSONata for the EntityEffect array of an outcome's `sets`: one update per entity it names. */
function outcomeEffects(scope: Scope, step: StepOf<'human_task'>, outcome: HumanTaskOutcome): string {
  const byEntity = new Map<string, FieldAssignment[]>();
  const fallbackEntity =
    step.human_task.entity_path?.split('.')[0] ?? scope.env.workflow.trigger?.entity_name ?? '';
  for (const s of outcome.sets) {
    const entity = s.field_path.includes('.') ? s.field_path.split('.')[0] : fallbackEntity;
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), s]);
  }
  const effects = [...byEntity].map(
    ([entity, sets]) =>
      `{'action': 'update', 'entity': ${str(entity)}, 'where': [{'field': 'id', 'op': 'eq', 'value': ${entityIdBody(entity)}}], 'values': ${assignmentValues(scope, entity, sets)}}`,
  );
  return `[${effects.join(', ')}]`;
}

/**
 * Whether JSONata evaluated when the task registers would differ from the same at completion: it
 * reads the step's own output (the completion: data, completer) or the clock (`now()`, `today()`).
 */
function readsCompletion(scope: Scope, step: string, body: string): boolean {
  return scope.env.vars.readBy(body).includes(step) || body.includes('$now(');
}

function formJson(
  form: readonly { name: string; type: string; required: boolean; default?: string; description?: string }[],
): JsonValue {
  return form.map((f) => ({
    name: f.name,
    type: f.type,
    required: f.required,
    ...(f.default !== undefined ? { default: f.default } : {}),
    ...(f.description !== undefined ? { description: f.description } : {}),
  }));
}

function outcomeJson(o: HumanTaskOutcome): JsonValue {
  return {
    name: o.name,
    label: o.label,
    style: o.style,
    ...(o.confirm !== undefined ? { confirm: o.confirm } : {}),
  };
}

/** `manager_review` → `Manager review`. */
export function humanize(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
