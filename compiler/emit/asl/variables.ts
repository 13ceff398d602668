import { fnv1a } from '../../contracts/names.ts';
import { MAX_NAME_LENGTH } from './names.ts';

/**
 * The workflow variables of a state machine's top level (DESIGN.md §6, "Variables stay inside AWS's
 * limits"). AWS caps one variable and the combined size of one `Assign` at 256 KiB and an
 * execution's variables at 10 MiB ("Passing data between states with variables", Step Functions
 * developer guide). So no variable accumulates step outputs: each step's output has a variable of
 * its own (`$step_<name>`), which one state assigns (its output, ≤ 256 KiB as a state result), and
 * the frame's variables hold only what is bounded by the execution input (`input`, `trigger`) or is
 * small (`completed`: saga records with their mapped inputs,
 * `failure`, `compensations`, attempt counters, `lock_holder`).
 */
export const FRAME = {
  input: 'input',
  trigger: 'trigger',
  completed: 'completed',
  failure: 'failure',
  compensations: 'compensations',
} as const;

const PREFIX = 'step_';
const PLAIN = /^[A-Za-z0-9_]+$/;

/** Matches the step variables a JSONata body reads (names are `step_` + `[A-Za-z0-9_]`). */
export const STEP_VARIABLE = /\$(step_[A-Za-z0-9_]+)/g;

/**
 * The variable of each step of one workflow: `step_<name>` for a plain name, else (a name from a
 * processes.json may hold any character) `step_<name with others as _>_<hash>`; names are cut to
 * AWS's 80 characters the same way. Deterministic and collision-free within the workflow.
 */
export class StepVariables {
  private readonly byStep = new Map<string, string>();
  private readonly byVariable = new Map<string, string>();

  constructor(steps: Iterable<string>) {
    for (const step of steps) {
      if (this.byStep.has(step)) continue;
      let name = variableName(step);
      for (let i = 2; this.byVariable.has(name); i++) name = variableName(`${step}\u0000${i}`, true);
      this.byStep.set(step, name);
      this.byVariable.set(name, step);
    }
  }

  /** The variable (without `$`) of a step of the workflow. */
  of(step: string): string {
    const known = this.byStep.get(step);
    if (known !== undefined) return known;
    throw new Error(`no variable for step ${JSON.stringify(step)}`);
  }

  /** The step whose variable this is, else undefined. */
  stepOf(variable: string): string | undefined {
    return this.byVariable.get(variable);
  }

  /** The steps whose variables a JSONata body reads, in order of first use. */
  readBy(body: string): string[] {
    const found: string[] = [];
    for (const m of body.matchAll(STEP_VARIABLE)) {
      const step = this.byVariable.get(m[1]);
      if (step !== undefined && !found.includes(step)) found.push(step);
    }
    return found;
  }

  /** Every step variable, in the order the steps were given. */
  all(): string[] {
    return [...this.byStep.values()];
  }
}

function variableName(step: string, hashed = false): string {
  const plain = `${PREFIX}${step}`;
  if (!hashed && PLAIN.test(step) && plain.length <= MAX_NAME_LENGTH) return plain;
  const suffix = `_${fnv1a(step)}`;
  return `${PREFIX}${step.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
}
