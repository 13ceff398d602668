/**
 * The app's event bus, in-process: `PutEvents` entries become EventBridge events, every rule whose
 * pattern matches gets the event (asynchronously, like EventBridge), and listeners observe all of
 * them. Delivering the same event twice (same id) is how tests simulate EventBridge's at-least-once
 * delivery.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, PutEventsEntry, PutEventsResult } from '../asl/index.ts';
import { type EventPattern, matchesPattern } from './pattern.ts';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface BusRule {
  name: string;
  pattern: EventPattern;
  target(event: BusEvent): Promise<void>;
}

export type BusListener = (event: BusEvent) => void;

/** Events kept for the console and tests. */
const HISTORY_LIMIT = 2000;
/** Deliveries of one event to one target before it goes to the dead-letter list. */
export const TARGET_ATTEMPTS = 4;

export interface DeadLetter {
  rule: string;
  event: BusEvent;
  error: string;
  attempts: number;
}

export class LocalEventBus {
  readonly events: BusEvent[] = [];
  /** Deliveries that failed every attempt (EventBridge would send them to the rule's DLQ). */
  readonly deadLetters: DeadLetter[] = [];
  private rules: BusRule[] = [];
  private readonly listeners = new Set<BusListener>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Aborted by `stopRetrying()`: failed deliveries are then dead-lettered at once (shutdown). */
  private readonly retries = new AbortController();

  constructor(
    private readonly clock: Clock,
    private readonly onError: (message: string) => void = () => {},
    private readonly newId: () => string = randomUUID,
    private readonly region = 'us-east-1',
    private readonly accountId = '123456789012',
  ) {}

  setRules(rules: BusRule[]): void {
    this.rules = [...rules];
  }

  addRule(rule: BusRule): void {
    this.rules.push(rule);
  }

  ruleNames(): string[] {
    return this.rules.map((r) => r.name);
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The PutEvents API: every entry becomes an event and is routed. */
  async putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult> {
    const results: PutEventsResult['Entries'] = [];
    let failed = 0;
    for (const entry of entries) {
      const event = this.toEvent(entry);
      if ('error' in event) {
        failed++;
        results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: event.error });
        continue;
      }
      this.deliver(event);
      results.push({ EventId: event.id });
    }
    return { Entries: results, FailedEntryCount: failed };
  }

  /** Routes one event (also a redelivery of an event already seen). Resolves when its targets ran. */
  deliver(event: BusEvent): Promise<void> {
    this.events.push(event);
    if (this.events.length > HISTORY_LIMIT) this.events.splice(0, this.events.length - HISTORY_LIMIT);
    for (const listener of this.listeners) listener(event);
    const matched = this.rules.filter((rule) => {
      try {
        return matchesPattern(rule.pattern, event);
      } catch (error) {
        this.onError(`rule ${rule.name}: ${(error as Error).message}`);
        return false;
      }
    });
    if (matched.length === 0) return Promise.resolve();
    const run = Promise.all(matched.map((rule) => this.runTarget(rule, event))).then(() => {
      this.inFlight.delete(run);
    });
    this.inFlight.add(run);
    return run;
  }

  /**
   * Runs one target with EventBridge's retry policy, shortened: a failed delivery is retried after
   * 1 s, 2 s, 4 s … (engine clock) up to `TARGET_ATTEMPTS` attempts, then dead-lettered. Virtual
   * time stands still while a target runs, as EventBridge delivers within moments.
   */
  private async runTarget(rule: BusRule, event: BusEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const release = this.clock.hold();
      try {
        await rule.target(event);
        return;
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt >= TARGET_ATTEMPTS || this.retries.signal.aborted) {
          this.deadLetters.push({ rule: rule.name, event, error: message, attempts: attempt });
          this.onError(
            `rule ${rule.name} failed for event ${event.id} (${event['detail-type']}) ${attempt} times, dead-lettered: ${message}`,
          );
          return;
        }
      } finally {
        release();
      }
      await this.clock.sleep(1000 * 2 ** (attempt - 1), this.retries.signal).catch(() => {});
    }
  }

  /** No more retries: pending ones end now (shutdown must not wait for backoffs). */
  stopRetrying(): void {
    this.retries.abort();
  }

  /** Builds an event as EventBridge would from a PutEvents entry. */
  event(detailType: string, detail: Record<string, unknown>, source: string, id = this.newId()): BusEvent {
    return {
      version: '0',
      id,
      'detail-type': detailType,
      source,
      account: this.accountId,
      time: new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [],
      detail,
    };
  }

  /** Resolves once every delivery started so far (and those they start) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private toEvent(entry: PutEventsEntry): BusEvent | { error: string } {
    if (!entry.Source || !entry.DetailType) return { error: 'Source and DetailType are required' };
    let detail: unknown = {};
    try {
      detail = entry.Detail === undefined ? {} : JSON.parse(entry.Detail);
    } catch {
      return { error: 'Detail is not valid JSON' };
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail))
      return { error: 'Detail must be a JSON object' };
    const event = this.event(entry.DetailType, detail as Record<string, unknown>, entry.Source);
    if (entry.Resources) event.resources = [...entry.Resources];
    if (entry.Time) event.time = new Date(entry.Time).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return event;
  }
}
