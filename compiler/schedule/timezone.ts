import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';
import { suggestionList } from '../diagnostics/suggest.ts';

/** Names Intl accepts that `Intl.supportedValuesOf` leaves out. */
const EXTRA_NAMES = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'];

let knownNames: readonly string[] | undefined;
let knownSet: ReadonlySet<string> | undefined;

/** The IANA names of this runtime's time zone database (canonical ones, plus UTC/GMT). */
export function timezoneNames(): readonly string[] {
  knownNames ??= [...Intl.supportedValuesOf('timeZone'), ...EXTRA_NAMES];
  return knownNames;
}

/**
 * True for a time zone name the runtime's IANA database knows, written in its exact case
 * (`Europe/London`, also links such as `US/Eastern`). Intl itself ignores case; EventBridge
 * Scheduler does not promise to, so `europe/london` is invalid (with a suggestion). Offsets such as
 * `+01:00` are not time zones.
 */
export function isValidTimezone(tz: string): boolean {
  let valid = validity.get(tz);
  if (valid === undefined) {
    valid = checkValidity(tz);
    validity.set(tz, valid);
  }
  return valid;
}

/** Answers per name: constructing an Intl.DateTimeFormat is the costliest part of validating a file. */
const validity = new Map<string, boolean>();

function checkValidity(tz: string): boolean {
  if (tz === '' || tz.trim() !== tz) return false;
  // A name of the runtime's list is valid as written. Only the others (links such as `US/Eastern`,
  // other cases) need an Intl.DateTimeFormat, whose first construction loads the zone data (~70 ms
  // of a CLI run).
  knownSet ??= new Set(timezoneNames());
  if (knownSet.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return false;
  }
  const lower = tz.toLowerCase();
  return !timezoneNames().some((name) => name !== tz && name.toLowerCase() === lower);
}

/**
 * Time zone names close to `tz`, nearest first: the same name in another case, near spellings
 * (`Europe/Londn`), and zones whose city is `tz` (`London` → `Europe/London`).
 */
export function suggestTimezones(tz: string): string[] {
  const names = timezoneNames();
  const city = tz.trim().toLowerCase().replace(/\s+/g, '_');
  const byCity = names.filter((name) => name.toLowerCase().split('/').pop() === city);
  return [...new Set([...suggestionList(tz, names), ...byCity])].slice(0, 3);
}

/** DZ520 at `at` when `tz` is not a valid time zone name, with "did you mean". */
export function checkTimezone(tz: string, at: Location): Diagnostic[] {
  if (isValidTimezone(tz)) return [];
  const [first, second] = suggestTimezones(tz);
  const hint =
    first === undefined
      ? ' (an IANA name such as "Europe/London" or "UTC")'
      : second === undefined
        ? `. Did you mean "${first}"?`
        : `. Did you mean "${first}" or "${second}"?`;
  return [diagnostic('DZ520', `unknown timezone "${tz}"${hint}`, at)];
}
