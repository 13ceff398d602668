/**
 * One-time schedules (`at(…)` expressions) created through the local Scheduler endpoint — what the
 * task-register handler creates for escalations. Each fires on the engine's clock (so escalations
 * pass at once on the virtual clock) and invokes its target function with the schedule's input.
 */
import type { Clock, TimerHandle } from '../asl/index.ts';
import { AwsProtocolError } from '../aws/errors.ts';
import type { ScheduleRequest, SchedulerApi } from '../aws/scheduler.ts';

export type InvokeTarget = (functionArn: string, payload: unknown) => Promise<unknown>;

interface OneTime {
  request: ScheduleRequest;
  at: Date;
  timer: TimerHandle;
  state: 'ENABLED' | 'DONE';
}

const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

export class OneTimeSchedules implements SchedulerApi {
  private readonly schedules = new Map<string, OneTime>();
  /** Every firing, in order (tests and the console read it). */
  readonly fired: { name: string; at: Date; target: string; error?: string }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly invoke: InvokeTarget,
    private readonly onError: (message: string) => void = () => {},
    private readonly region = 'us-east-1',
    private readonly accountId = '123456789012',
  ) {}

  create(request: ScheduleRequest): { ScheduleArn: string } {
    const key = `${request.group}/${request.name}`;
    const m = AT.exec(request.expression);
    if (!m)
      throw new AwsProtocolError(
        'ValidationException',
        `only one-time at(yyyy-mm-ddThh:mm:ss) schedules can be created locally, got ${request.expression}`,
      );
    if ((request.timezone ?? 'UTC') !== 'UTC')
      throw new AwsProtocolError(
        'ValidationException',
        'local one-time schedules must use ScheduleExpressionTimezone UTC',
      );
    if (this.schedules.has(key))
      throw new AwsProtocolError('ConflictException', `Schedule ${request.name} already exists.`, 409);
    const at = new Date(`${m[1]}Z`);
    const timer = this.clock.setTimer(at.getTime() - this.clock.now(), () => this.fire(key));
    this.schedules.set(key, { request, at, timer, state: 'ENABLED' });
    return { ScheduleArn: this.arn(request.group, request.name) };
  }

  delete(name: string, group: string): void {
    const key = `${group}/${name}`;
    const s = this.schedules.get(key);
    if (!s) throw new AwsProtocolError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
    s.timer.cancel();
    this.schedules.delete(key);
  }

  get(name: string, group: string): Record<string, unknown> {
    const s = this.schedules.get(`${group}/${name}`);
    if (!s) throw new AwsProtocolError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
    return {
      Arn: this.arn(group, name),
      Name: name,
      GroupName: group,
      ScheduleExpression: s.request.expression,
      ScheduleExpressionTimezone: s.request.timezone ?? 'UTC',
      State: s.state === 'ENABLED' ? 'ENABLED' : 'DISABLED',
      Target: { Arn: s.request.target.arn, Input: s.request.target.input },
    };
  }

  /** Schedules that have not fired yet. */
  pending(): { name: string; group: string; at: Date; target: string }[] {
    return [...this.schedules.values()]
      .filter((s) => s.state === 'ENABLED')
      .map((s) => ({ name: s.request.name, group: s.request.group, at: s.at, target: s.request.target.arn }));
  }

  /** The requests of the schedules that have not fired yet (to create them again after a restart). */
  requests(): ScheduleRequest[] {
    return [...this.schedules.values()].filter((s) => s.state === 'ENABLED').map((s) => s.request);
  }

  /** Cancels every pending timer (shutdown). */
  clear(): void {
    for (const s of this.schedules.values()) s.timer.cancel();
    this.schedules.clear();
  }

  private fire(key: string): void {
    const s = this.schedules.get(key);
    if (!s) return;
    s.state = 'DONE';
    if (s.request.deleteAfterCompletion) this.schedules.delete(key);
    let payload: unknown = {};
    try {
      payload = s.request.target.input === undefined ? {} : JSON.parse(s.request.target.input);
    } catch {
      payload = s.request.target.input;
    }
    // Virtual time stands still while the target runs (it does I/O against dynalite and the bus).
    const release = this.clock.hold();
    const record: (typeof this.fired)[number] = {
      name: s.request.name,
      at: new Date(this.clock.now()),
      target: s.request.target.arn,
    };
    this.fired.push(record);
    this.invoke(s.request.target.arn, payload)
      .catch((error: unknown) => {
        record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.onError(`schedule ${s.request.name} failed: ${record.error}`);
      })
      .finally(release);
  }

  private arn(group: string, name: string): string {
    return `arn:aws:scheduler:${this.region}:${this.accountId}:schedule/${group}/${name}`;
  }
}
