/**
 * Scripted answers (`dazzle-sfn run --task/--signal`): as soon as a human task or a signal wait is
 * registered, it is answered as it would be in AWS: a task through the real HTTP API handler, as a
 * user holding its role; a signal as a `Signal` event on the bus (signals over HTTP need a role the
 * stage allows, and a scripted run has no stage).
 */
import { createHash } from 'node:crypto';
import type { SignalRegisterEvent, TaskRegisterEvent } from '../../compiler/contracts/runtime.ts';
import { apiGatewayEvent, devCaller } from '../api-event.ts';
import { handlerFunctionName } from '../names.ts';
import type { ApiHandler } from './handlers.ts';

/** What scripted answers are given through. */
export interface ScriptTargets {
  tasks: ApiHandler;
  /** The signal-deliver handler (its EventBridge path). */
  signalDeliver: (event: unknown) => Promise<unknown>;
}

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
  api: ScriptTargets,
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
    // One event per registered wait (its token's hash is unique), so a wait met again is answered again.
    const id = `script-${createHash('sha256').update(event.token).digest('hex').slice(0, 32)}`;
    try {
      await api.signalDeliver({
        id,
        'detail-type': 'Signal',
        source: 'dazzle-sfn.run',
        detail: { name: event.signal, correlation_id: event.correlation_id, payload: answer },
      });
    } catch (error) {
      warn(`scripted signal ${event.signal}: ${String(error)}`);
    }
  }
}
