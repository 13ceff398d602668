/** The Parallel state: every branch in its own variable scope; the first failure stops the others. */
import { childController, Interrupt } from './interrupt.ts';
import type { ParallelState } from './machine.ts';
import { Scope } from './scope.ts';
import type { StateRunner, StatesVar, Visit } from './state-runner.ts';
import { evaluateTemplate } from './template.ts';

export async function runParallelState(
  r: StateRunner,
  state: ParallelState,
  { input, scope, thread, signal }: Visit,
  context: StatesVar,
): Promise<unknown> {
  const states = { input, context };
  const branchInput = state.arguments
    ? await evaluateTemplate(state.arguments, r.bindings(scope, states), 'Arguments')
    : input;
  r.exec.history.add(thread, 'ParallelStateStarted');
  const { controller, dispose } = childController(signal);
  let failure: unknown;
  try {
    const settled = await Promise.allSettled(
      state.branches.map((branch) =>
        r
          .runBlock(branch, branchInput, new Scope(scope), { last: thread.last }, controller.signal)
          .catch((e: unknown) => {
            if (failure === undefined) failure = e;
            if (!controller.signal.aborted) controller.abort(Interrupt.siblingFailed);
            throw e;
          }),
      ),
    );
    if (signal.aborted) throw signal.reason;
    if (failure !== undefined) {
      r.exec.history.add(thread, 'ParallelStateFailed');
      throw failure;
    }
    r.exec.history.add(thread, 'ParallelStateSucceeded');
    return settled.map((s) => (s.status === 'fulfilled' ? s.value : null));
  } finally {
    dispose();
  }
}
