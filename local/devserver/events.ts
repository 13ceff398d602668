/**
 * Why an event put on the local bus (`POST /events`) started nothing: a mistyped detail-type, a
 * foreign source, a detail no trigger wants, or an event id delivered before. Read from the
 * manifest's trigger patterns (what infra deploys as rules), whatever routes them locally.
 */
import { didYouMean } from '../../compiler/diagnostics/suggest.ts';
import { placeholderTargets } from '../../compiler/manifest/placeholders.ts';
import type { Manifest } from '../../compiler/manifest/schema.ts';
import type { BusEvent } from '../bus/bus.ts';
import { type EventPattern, matchesPattern } from '../bus/pattern.ts';
import { resolvePlaceholders } from '../names.ts';

export function whyNothingStarted(manifest: Manifest, eventSource: string, event: BusEvent): string {
  const targets = placeholderTargets(manifest);
  const triggers = manifest.workflows.flatMap((w) =>
    w.triggers.flatMap((t) =>
      'pattern' in t
        ? [
            {
              id: w.id,
              pattern: resolvePlaceholders(t.pattern, eventSource, targets) as unknown as EventPattern,
            },
          ]
        : [],
    ),
  );
  const type = event['detail-type'];
  const matched = triggers.filter((t) => matchesPattern(t.pattern, event)).map((t) => t.id);
  if (matched.length > 0)
    return `the trigger of ${matched.join(', ')} matched but started no new execution: an event id delivered before (${event.id}) starts none`;
  const signal = type === 'Signal' ? ' (it was delivered to the executions waiting for that signal)' : '';
  const onType = triggers.filter((t) => detailTypes(t.pattern).includes(type));
  if (onType.length === 0) {
    const known = [...new Set(triggers.flatMap((t) => detailTypes(t.pattern)))].sort();
    if (known.length === 0) return `no process of this app is started by an event${signal}`;
    return `no process is started by detail-type '${type}'${signal}.${didYouMean(type, known)} The app's triggers listen for ${known.map((k) => `'${k}'`).join(', ')}`;
  }
  const sources = [...new Set(onType.flatMap((t) => (t.pattern.source as string[] | undefined) ?? []))];
  if (sources.length > 0 && !sources.includes(event.source))
    return `the triggers on '${type}' listen for source ${sources.map((s) => `'${s}'`).join(', ')}, not '${event.source}'${signal}`;
  const wanted = onType.map((t) => `${t.id} wants detail ${JSON.stringify(t.pattern.detail ?? {})}`);
  return `no trigger on '${type}' matches this detail${signal}: ${wanted.join('; ')}`;
}

function detailTypes(pattern: EventPattern): string[] {
  const value = pattern['detail-type'];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
