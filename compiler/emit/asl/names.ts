import { fnv1a } from '../../contracts/names.ts';

/** Step Functions limits on names (state names and state machine names). */
export const MAX_NAME_LENGTH = 80;

/**
 * State names of one state machine. A step's entry state is the step's own name (an identifier,
 * so it never contains a space); every other state's name contains a space (`charge retry`,
 * `Lock acquire`), so the two kinds can never collide. Names longer than 80 characters are cut and
 * given a hash suffix; the result is deterministic.
 */
export class StateNames {
  private readonly taken = new Set<string>();

  /** The entry state of step `step`. */
  step(step: string): string {
    return fitName(step);
  }

  /** An auxiliary state of a step (`<step> <role>`), or a process-level state when `step` is empty. */
  aux(step: string, role: string): string {
    return fitName(step === '' ? role : `${step} ${role}`);
  }

  /** Registers a name; returns false when it was already taken (a compiler bug, checked in tests). */
  claim(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }
}

function fitName(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  const suffix = ` ~${fnv1a(name)}`;
  return name.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
}
