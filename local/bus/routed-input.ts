/**
 * The execution input the trigger router (compiler/emit/router.ts) builds from what a rule or
 * schedule target sends it, by running the router on a throwaway engine against a stand-in
 * workflow: for tools (the transitions bench) that need a triggered input without a runtime.
 */
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import { TRIGGER_ROUTER_NAME, triggerRouterDefinition } from '../../compiler/emit/router.ts';
import { AslEngine } from '../asl/index.ts';

export async function routedInput(routerInput: Record<string, unknown>): Promise<ExecutionInput> {
  const engine = new AslEngine();
  engine.registerStateMachine(TRIGGER_ROUTER_NAME, triggerRouterDefinition(), { type: 'EXPRESS' });
  const { stateMachineArn } = engine.registerStateMachine('started', {
    QueryLanguage: 'JSONata',
    StartAt: 'Started',
    States: { Started: { Type: 'Pass', End: true } },
  });
  const router = await engine.runExecution(TRIGGER_ROUTER_NAME, { ...routerInput, machine: stateMachineArn });
  const [started] = engine.listExecutions({ stateMachine: stateMachineArn });
  if (router.status !== 'SUCCEEDED' || !started)
    throw new Error(`the trigger router ${router.status}: ${router.error}: ${router.cause}`);
  return started.input as ExecutionInput;
}
