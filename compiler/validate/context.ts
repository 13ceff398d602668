import { CODES, type DiagnosticCode } from '../diagnostics/codes.ts';
import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';
import type { SourceMap } from '../ir/locations.ts';
import type {
  AppIR,
  CompensationSpec,
  ProcessInputField,
  ProcessSpec,
  ProcessStep,
  ScheduleSpec,
  StorySpec,
  Workflow,
} from '../ir/types.ts';

export interface ValidateOptions {
  /** Where to point diagnostics about nodes the source map does not know (e.g. built in code). */
  fallback?: Location;
  /** True when story files were part of the input, so unknown `implements` ids are worth a warning. */
  storiesLoaded?: boolean;
  /**
   * The app a process, schedule or story belongs to, when one input holds several apps (a folder
   * like the corpus): `implements` and `subprocess` then resolve within the app, and an app with
   * no stories of its own gets no `implements` warnings.
   * @default every node in one app
   */
  appOf?: (node: ProcessSpec | ScheduleSpec | StorySpec) => string;
}

/**
 * A list of steps that run in one flow: the workflow's own steps, the body of a foreach, or the
 * branches of a parallel (each child of a parallel is a branch of its own, so there is no
 * "next step" between them).
 */
export interface StepScope {
  kind: 'root' | 'parallel' | 'foreach';
  steps: readonly ProcessStep[];
  /** The parallel or foreach step that holds this scope; none for the root. */
  container?: ProcessStep;
  /** The scopes this one is nested in, outermost first. */
  outer: readonly StepScope[];
}

/** A step together with the scope it is written in. */
export interface ScopedStep {
  step: ProcessStep;
  scope: StepScope;
  /** Its position in `scope.steps`. */
  index: number;
}

const UNKNOWN_PLACE: Location = { file: '<unknown>', line: 1, column: 1 };

/** What every rule gets: the app, where things were written, and one way to report. */
export class ValidationContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly workflows: readonly Workflow[];
  /**
   * The workflow each step and sub-node belongs to, to locate nodes the source map lacks. Built on
   * first use: walking every object of the app costs more than the rest of most validations, and a
   * clean app rarely needs it.
   */
  private owners?: WeakMap<object, ProcessSpec | ScheduleSpec>;
  /** The steps and scopes of each workflow, computed once: most rules walk them. */
  private readonly walked = new Map<readonly ProcessStep[], readonly ScopedStep[]>();
  private readonly scoped = new Map<readonly ProcessStep[], readonly StepScope[]>();

  constructor(
    readonly ir: AppIR,
    readonly sourceMap: SourceMap,
    readonly options: ValidateOptions = {},
  ) {
    this.workflows = [
      ...ir.processes.map((spec): Workflow => ({ kind: 'process', spec })),
      ...ir.schedules.map((spec): Workflow => ({ kind: 'schedule', spec })),
    ];
  }

  /** Every step of a workflow with its scope (`walkScopes`), shared by the rules: do not mutate. */
  stepsOf(spec: ProcessSpec | ScheduleSpec): readonly ScopedStep[] {
    let walked = this.walked.get(spec.steps);
    if (!walked) {
      walked = walkScopes(spec.steps);
      this.walked.set(spec.steps, walked);
    }
    return walked;
  }

  /** Every scope of a workflow, the root first, shared by the rules: do not mutate. */
  scopesOf(spec: ProcessSpec | ScheduleSpec): readonly StepScope[] {
    let scopes = this.scoped.get(spec.steps);
    if (!scopes) {
      scopes = scopesIn(spec.steps, this.stepsOf(spec));
      this.scoped.set(spec.steps, scopes);
    }
    return scopes;
  }

  /** Whether two definitions belong to the same app (see `ValidateOptions.appOf`). */
  sameApp(a: ProcessSpec | ScheduleSpec | StorySpec, b: ProcessSpec | ScheduleSpec | StorySpec): boolean {
    const { appOf } = this.options;
    return appOf === undefined || appOf(a) === appOf(b);
  }

  /** Reports `code` at `node` (or at its `field` when the source map knows where that was written). */
  report(code: DiagnosticCode, message: string, node: object, field?: string): void {
    this.reportAt(code, message, this.locate(node, field));
  }

  reportAt(code: DiagnosticCode, message: string, at: Location): void {
    this.diagnostics.push(diagnostic(code, message, at, CODES[code].severity));
  }

  /** Keeps a diagnostic produced elsewhere (the expression parser, the cron checker). */
  keep(found: readonly Diagnostic[]): void {
    this.diagnostics.push(...found);
  }

  /** Where `node` (or its `field`) was written; else its workflow's header; else the fallback. */
  locate(node: object, field?: string): Location {
    // The fallback is looked for only when the source map misses (rare): finding it is the costly part.
    const at =
      field === undefined
        ? this.sourceMap.of(node, NOT_RECORDED)
        : this.sourceMap.field(node, field, NOT_RECORDED);
    return at === NOT_RECORDED ? this.fallbackFor(node) : at;
  }

  /**
   * Where the first character of `text`, the value of `field`, was written: inside the quotes when
   * it was quoted (the source map records the string token, quotes included).
   */
  locateText(node: object, field: string, text: string): Location {
    const at = this.locate(node, field);
    const quoted = at.length !== undefined && at.length >= text.length + 2;
    // A literal, not `{ ...at, … }`: spreading a Location is slow, and this runs for every expression.
    return quoted ? { file: at.file, line: at.line, column: at.column + 1, length: text.length } : at;
  }

  /** Where the first of `fields` that the source map recorded was written; else the node. */
  locateAny(node: object, fields: readonly string[]): Location {
    const nodeAt = this.locate(node);
    for (const field of fields) {
      const at = this.sourceMap.field(node, field, nodeAt);
      if (at !== nodeAt && at !== this.sourceMap.of(node, nodeAt)) return at;
    }
    return nodeAt;
  }

  private fallbackFor(node: object): Location {
    const base = this.options.fallback ?? UNKNOWN_PLACE;
    const owner = this.ownersOf().get(node) ?? node;
    const source =
      'source' in owner && typeof owner.source === 'object' ? (owner.source as Location) : undefined;
    return this.sourceMap.of(owner, source ?? base);
  }

  private ownersOf(): WeakMap<object, ProcessSpec | ScheduleSpec> {
    if (!this.owners) {
      const owners = new WeakMap<object, ProcessSpec | ScheduleSpec>();
      for (const workflow of this.workflows) recordOwner(owners, workflow.spec);
      this.owners = owners;
    }
    return this.owners;
  }
}

/** A location no source map holds: tells "not recorded" apart from any recorded location. */
const NOT_RECORDED: Location = { file: '', line: 0, column: 0 };

/** Records `spec` as the owner of every object inside it (steps, outcomes, mappings, …). */
function recordOwner(
  owners: WeakMap<object, ProcessSpec | ScheduleSpec>,
  spec: ProcessSpec | ScheduleSpec,
): void {
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null || owners.has(value)) return;
    owners.set(value, spec);
    for (const inner of Object.values(value)) visit(inner);
  };
  for (const inner of Object.values(spec)) visit(inner);
}

/** Every step of a workflow, depth first in written order, with the scope it sits in. */
export function walkScopes(steps: readonly ProcessStep[]): ScopedStep[] {
  const found: ScopedStep[] = [];
  visitScope({ kind: 'root', steps, outer: [] }, found);
  return found;
}

function visitScope(scope: StepScope, found: ScopedStep[]): void {
  const { steps } = scope;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    found.push({ step, scope, index });
    // Most steps hold no scope: skip building the `outer` list innerScopes would make for them.
    if (step.parallel_steps?.length || step.foreach_steps?.length) {
      for (const inner of innerScopes(step, scope)) visitScope(inner, found);
    }
  }
}

/** Every scope of a workflow: the root first, then nested ones in written order. */
function scopesIn(steps: readonly ProcessStep[], walked: readonly ScopedStep[]): StepScope[] {
  const scopes = new Set(walked.map(({ scope }) => scope));
  return scopes.size > 0 ? [...scopes] : [{ kind: 'root', steps, outer: [] }];
}

/** The scopes a step holds: a parallel's branches, a foreach's body. */
export function innerScopes(step: ProcessStep, scope: StepScope): StepScope[] {
  const outer = [...scope.outer, scope];
  const inner: StepScope[] = [];
  if (step.parallel_steps?.length) {
    inner.push({ kind: 'parallel', steps: step.parallel_steps, container: step, outer });
  }
  if (step.foreach_steps?.length) {
    inner.push({ kind: 'foreach', steps: step.foreach_steps, container: step, outer });
  }
  return inner;
}

export const inputsOf = (spec: ProcessSpec | ScheduleSpec): readonly ProcessInputField[] =>
  'inputs' in spec ? (spec.inputs ?? []) : [];

export const compensationsOf = (spec: ProcessSpec | ScheduleSpec): readonly CompensationSpec[] =>
  'compensations' in spec ? (spec.compensations ?? []) : [];

/** "process p" / "schedule s", for messages. */
export const workflowLabel = (workflow: Workflow): string => `${workflow.kind} "${workflow.spec.name}"`;
