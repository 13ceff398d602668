/** In-memory fakes of the ports, for core tests. */
import type { FieldFilter } from '../../../compiler/contracts/runtime.ts';
import { matches } from '../../../lambdas/shared/filters.ts';
import type { Log } from '../../../lambdas/shared/logger.ts';
import type {
  CallbackResult,
  Callbacks,
  ClaimedWait,
  Clock,
  Completion,
  DeliveryClaim,
  EntityStore,
  Escalations,
  EventBus,
  ExecutionDescription,
  Executions,
  QueryPage,
  RunRecord,
  RunStore,
  ScheduleRuns,
  SignalStore,
  SignalWait,
  StartResult,
  TaskItem,
  TaskStore,
} from '../../../lambdas/shared/ports.ts';
import { openTaskPosition } from '../../../lambdas/shared/tables.ts';

export class FakeClock implements Clock {
  constructor(public current = new Date('2026-11-25T10:00:00.000Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export class RecordingLog implements Log {
  lines: { level: string; message: string; extra: Record<string, unknown>[] }[] = [];
  info(message: string, ...extra: Record<string, unknown>[]) {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, ...extra: Record<string, unknown>[]) {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, ...extra: Record<string, unknown>[]) {
    this.lines.push({ level: 'error', message, extra });
  }
  /** Everything logged, as one string (to check that secrets never appear). */
  text() {
    return JSON.stringify(this.lines);
  }
}

export class FakeTaskStore implements TaskStore {
  tasks = new Map<string, TaskItem>();
  tokens = new Map<string, string>();
  async register(task: TaskItem, token: string) {
    this.tokens.set(task.token_hash, token);
    if (this.tasks.has(task.id)) return false;
    this.tasks.set(task.id, structuredClone(task));
    return true;
  }
  async get(id: string) {
    const t = this.tasks.get(id);
    return t && structuredClone(t);
  }
  async listOpen(
    roles: readonly string[],
    assignees: readonly string[],
    page: { after?: string; limit: number },
  ) {
    const open = [...this.tasks.values()]
      .filter(
        (t) =>
          t.status === 'open' &&
          ((t.role !== undefined && roles.includes(t.role)) ||
            (t.assignee !== undefined && assignees.includes(t.assignee))) &&
          (page.after === undefined || openTaskPosition(t) > page.after),
      )
      .sort((a, b) => (openTaskPosition(a) < openTaskPosition(b) ? -1 : 1))
      .map((t) => structuredClone(t));
    return { tasks: open.slice(0, page.limit), more: open.length > page.limit };
  }
  async markEscalated(id: string, at: string) {
    const t = this.tasks.get(id);
    if (t?.status !== 'open' || t.escalated_at) return false;
    t.escalated_at = at;
    return true;
  }
  async complete(id: string, c: Completion) {
    const t = this.tasks.get(id);
    if (t?.status !== 'open') return false;
    Object.assign(t, {
      status: 'completed',
      completed_at: c.at,
      completed_by: c.by,
      outcome: c.outcome,
      data: c.data,
    });
    return true;
  }
  async reopen(task: TaskItem, c: Completion, applied?: string) {
    const t = this.tasks.get(task.id);
    if (t?.status === 'completed' && t.completed_by === c.by && t.completed_at === c.at) {
      t.status = 'open';
      if (applied !== undefined) t.applied_outcome = applied;
      delete t.completed_at;
      delete t.completed_by;
      delete t.outcome;
      delete t.data;
    }
  }
  async expire(id: string, _at: string, ours?: Completion) {
    const t = this.tasks.get(id);
    if (!t) return;
    const mine = ours && t.status === 'completed' && t.completed_by === ours.by && t.completed_at === ours.at;
    if (t.status === 'open' || mine) t.status = 'expired';
  }
  async token(hash: string) {
    return this.tokens.get(hash);
  }
}

export class FakeCallbacks implements Callbacks {
  sent: { token: string; output: unknown }[] = [];
  gone = new Set<string>();
  failWith?: Error;
  async sendSuccess(token: string, output: unknown): Promise<CallbackResult> {
    if (this.failWith) throw this.failWith;
    if (this.gone.has(token)) return 'gone';
    this.sent.push({ token, output });
    return 'sent';
  }
  failed: { token: string; error: string; cause: string }[] = [];
  async sendFailure(token: string, error: string, cause: string): Promise<CallbackResult> {
    if (this.failWith) throw this.failWith;
    if (this.gone.has(token)) return 'gone';
    this.failed.push({ token, error, cause });
    return 'sent';
  }
}

export class FakeEscalations implements Escalations {
  scheduled: { taskId: string; at: Date }[] = [];
  async schedule(taskId: string, at: Date) {
    this.scheduled.push({ taskId, at });
  }
}

export class FakeBus implements EventBus {
  events: { detailType: string; detail: Record<string, unknown> }[] = [];
  async put(detailType: string, detail: Record<string, unknown>) {
    this.events.push({ detailType, detail });
  }
}

export class FakeSignalStore implements SignalStore {
  waits = new Map<string, { wait: SignalWait; token: string; ttl: number }>();
  deliveries = new Map<string, { status: string; delivered?: number }>();
  private key = (s: string, c: string | undefined, h: string) => `${s}#${c ?? '*'}#${h}`;
  async registerWait(wait: SignalWait, token: string, ttl: number) {
    this.waits.set(this.key(wait.signal, wait.correlation_id, wait.token_hash), { wait, token, ttl });
  }
  async waitHashes(signal: string, correlation: string | undefined) {
    return [...this.waits.values()]
      .filter((w) => w.wait.signal === signal && w.wait.correlation_id === correlation)
      .map((w) => w.wait.token_hash);
  }
  async claim(
    signal: string,
    correlation: string | undefined,
    hash: string,
  ): Promise<ClaimedWait | undefined> {
    const k = this.key(signal, correlation, hash);
    const w = this.waits.get(k);
    this.waits.delete(k);
    return w;
  }
  async beginDelivery(signal: string, id: string): Promise<DeliveryClaim> {
    const d = this.deliveries.get(`${signal}#${id}`);
    if (d)
      return d.status === 'done' ? { state: 'done', delivered: d.delivered ?? 0 } : { state: 'in_progress' };
    this.deliveries.set(`${signal}#${id}`, { status: 'pending' });
    return { state: 'fresh' };
  }
  async finishDelivery(signal: string, id: string, delivered: number) {
    this.deliveries.set(`${signal}#${id}`, { status: 'done', delivered });
  }
}

/** Step Functions executions with Standard semantics for names: same name + same input is a no-op. */
export class FakeExecutions implements Executions {
  byArn = new Map<string, ExecutionDescription>();
  starts: { stateMachineArn: string; name: string; input: string }[] = [];
  async start(stateMachineArn: string, name: string, input: string): Promise<StartResult> {
    this.starts.push({ stateMachineArn, name, input });
    const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (this.byArn.has(arn)) return { started: false };
    const startDate = new Date('2026-11-25T10:00:00.000Z').toISOString();
    this.byArn.set(arn, { executionArn: arn, stateMachineArn, name, status: 'RUNNING', startDate, input });
    return { started: true, executionArn: arn, startDate };
  }
  async describe(arn: string) {
    return this.byArn.get(arn);
  }
  started() {
    return [...this.byArn.values()];
  }
}

export class FakeRunStore implements RunStore {
  records = new Map<string, RunRecord>();
  async get(name: string) {
    return this.records.get(name);
  }
  async save(r: RunRecord) {
    const old = this.records.get(r.name);
    if (r.status === 'RUNNING' && old && old.status !== 'RUNNING') return;
    this.records.set(r.name, { ...old, ...r });
  }
  async setStep(name: string, fields: Omit<RunRecord, 'status' | 'stop_time' | 'error' | 'cause'>) {
    const old = this.records.get(name);
    this.records.set(name, {
      status: 'RUNNING',
      ...fields,
      ...old,
      current_step: fields.current_step,
      updated_at: fields.updated_at,
    });
  }
}

export class FakeScheduleRuns implements ScheduleRuns {
  last = new Map<string, string>();
  async lastSlot(s: string) {
    return this.last.get(s);
  }
  async record(s: string, slot: string) {
    const old = this.last.get(s);
    if (old === undefined || old < slot) this.last.set(s, slot);
  }
}

export class FakeEntityStore implements EntityStore {
  rows = new Map<string, Map<string, Record<string, unknown>>>();
  private table(entity: string) {
    const t = this.rows.get(entity) ?? new Map<string, Record<string, unknown>>();
    this.rows.set(entity, t);
    return t;
  }
  async query(
    entity: string,
    filter: readonly FieldFilter[],
    limit: number,
    nextToken?: string,
  ): Promise<QueryPage> {
    const all = [...this.table(entity).values()].filter((r) => matches(r, filter));
    const start = nextToken ? Number(nextToken) : 0;
    const items = all.slice(start, start + limit);
    return { items, ...(start + limit < all.length && { next_token: String(start + limit) }) };
  }
  async create(entity: string, id: string, values: Record<string, unknown>) {
    if (this.table(entity).has(id)) return false;
    this.table(entity).set(id, { ...values, id });
    return true;
  }
  async update(entity: string, where: readonly FieldFilter[], values: Record<string, unknown>) {
    let n = 0;
    for (const row of this.table(entity).values())
      if (matches(row, where)) {
        Object.assign(row, values);
        n++;
      }
    return n;
  }
}
