/**
 * Scripted answers (`dazzle-sfn run --task/--signal`): as soon as a human task or a signal wait is
 * registered, it is answered through the real HTTP API handlers, as a user would answer it.
 */
import type { SignalRegisterEvent, TaskRegisterEvent } from '../../compiler/contracts/runtime.ts';
import { apiGatewayEvent, devCaller } from '../api-event.ts';
import { handlerFunctionName } from '../names.ts';
import type { ApiHandlers } from './handlers.ts';

export interface ScriptedAnswers {
  /** step name → the completion of its human task. */
  tasks?: Record<string, { outcome: string; data?: Record<string, unknown> }>;
  /** signal name → payload delivered to its waits. */
  signals?: Record<string, Record<string, unknown>>;
}

/** The user scripted answers are given as. */
export const SCRIPT_USER = 'dazzle-run';

/** Answers the registration `name(payload) → result` if the script has an answer for it. */
export async function answerScripted(
  script: ScriptedAnswers,
  api: ApiHandlers,
  call: { name: string; payload: unknown; result: unknown },
  warn: (line: string) => void,
): Promise<void> {
  if (call.name === handlerFunctionName('taskRegister')) {
    const event = call.payload as TaskRegisterEvent;
    const answer = script.tasks?.[event.step];
    if (!answer) return;
    const taskId = (call.result as { task_id: string }).task_id;
    const response = await api.tasks(
      apiGatewayEvent({
        method: 'POST',
        url: `/tasks/${encodeURIComponent(taskId)}/complete`,
        headers: devCaller(SCRIPT_USER, event.task.role ? [event.task.role] : []),
        body: JSON.stringify({ outcome: answer.outcome, data: answer.data ?? {} }),
      }),
    );
    if (response.statusCode !== 200)
      warn(`scripted answer for task ${event.step}: ${response.statusCode} ${response.body}`);
  }
  if (call.name === handlerFunctionName('signalRegister')) {
    const event = call.payload as SignalRegisterEvent;
    const answer = script.signals?.[event.signal];
    if (!answer) return;
    const response = await api.signals(
      apiGatewayEvent({
        method: 'POST',
        url: `/signals/${encodeURIComponent(event.signal)}`,
        headers: devCaller(SCRIPT_USER, []),
        body: JSON.stringify({ correlation_id: event.correlation_id, payload: answer }),
      }),
    );
    if (response.statusCode !== 202)
      warn(`scripted signal ${event.signal}: ${response.statusCode} ${response.body}`);
  }
}
