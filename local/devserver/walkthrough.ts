/**
 * The dev server's startup summary: what runs, the routes, and a copy-pasteable curl walkthrough
 * (start a process → see its task → complete it → see the result) chosen from the app's manifest.
 */
import { createHash } from 'node:crypto';
import { type AccessConfig, startRoles } from '../../compiler/contracts/access.ts';
import { type ParamValues, resolveParamSchedule } from '../../compiler/manifest/params.ts';
import type { Manifest, ManifestSchedule, ManifestWorkflow } from '../../compiler/manifest/schema.ts';
import { workflowLabels } from '../../compiler/tools/workflowAddress.ts';

type Field = ManifestWorkflow['inputs'][number];

/** A plausible value for a field, by type and name (for the walkthrough's request bodies). */
export function sampleValue(field: Field): unknown {
  const type = field.type.toLowerCase();
  if (/^(bool|boolean)/.test(type)) return true;
  if (/^(int|integer|float|decimal|number|money)/.test(type))
    return /amount|total|price/.test(field.name) ? 2500 : 1;
  if (type.startsWith('uuid')) return sampleUuid(field.name);
  if (/^(date)/.test(type)) return '2026-01-15';
  return `example ${field.name.replace(/_/g, ' ')}`;
}

/** A stable, valid (v4-shaped) UUID per name, so the walkthrough reads the same every time. */
export function sampleUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function sampleObject(fields: readonly Field[], all = false): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => all || f.required).map((f) => [f.name, sampleValue(f)]));
}

interface Walkthrough {
  process: ManifestWorkflow;
  /** The workflow that holds the task (the process or a subprocess of it). */
  holder: ManifestWorkflow;
  task: ManifestWorkflow['human_tasks'][number];
}

/** A manually started process with a human task of its own, or in a subprocess. */
export function chooseWalkthrough(manifest: Manifest): Walkthrough | undefined {
  // Subprocesses are processes (a schedule of the same name is another workflow).
  const byName = new Map(manifest.workflows.filter((w) => w.kind === 'process').map((w) => [w.name, w]));
  const manual = manifest.workflows.filter((w) => w.triggers.some((t) => t.kind === 'manual'));
  for (const process of manual) {
    const task = process.human_tasks[0];
    if (task) return { process, holder: process, task };
  }
  for (const process of manual) {
    for (const sub of process.references.subprocesses) {
      const holder = byName.get(sub);
      const task = holder?.human_tasks[0];
      if (holder && task) return { process, holder, task };
    }
  }
  return undefined;
}

/**
 * A `param(…)` schedule as the runtime armed it: the value, the AWS expression(s) and timezone it
 * became, and the params it came from; the params alone when one has no value (not armed).
 */
function paramScheduleText(w: ManifestWorkflow, s: ManifestSchedule, values: ParamValues): string {
  const from = [s.expression, s.timezone]
    .flatMap((v) => (typeof v === 'string' ? [] : [`param(${v.param})`]))
    .join(', ');
  const armed = resolveParamSchedule(w.id, s, values);
  return armed
    ? `${armed.source} (${armed.expressions.join(' + ')}, ${armed.timezone}) from ${from}`
    : `${from} (no value: not armed)`;
}

function triggerText(w: ManifestWorkflow, values: ParamValues): string {
  const t = w.triggers[0];
  if (w.kind === 'schedule' || !t) {
    const s = w.schedules[0];
    if (!s) return 'schedule';
    return typeof s.expression === 'string' && typeof s.timezone === 'string'
      ? `${s.source} (${s.expression}, ${String(s.timezone)})`
      : paramScheduleText(w, s, values);
  }
  switch (t.kind) {
    case 'entity_event':
      return `entity ${t.entity} ${t.event_type}`;
    case 'entity_status_transition':
      return `entity ${t.entity} status ${t.from_status ? `${t.from_status} ` : ''}-> ${t.to_status}`;
    case 'signal':
      return `signal ${t.signal}`;
    case 'process_completed':
      return `process ${t.process} completed`;
    case 'manual':
      return 'manual (POST /processes/…/executions)';
    case 'schedule_cron':
    case 'schedule_interval': {
      const s = w.schedules[0];
      return s ? `${s.source} (${typeof s.expression === 'string' ? s.expression : 'param'})` : t.kind;
    }
    default: {
      const never: never = t;
      return String(never);
    }
  }
}

const q = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "'\\''")}'`;

export function startupSummary(
  manifest: Manifest,
  base: string,
  servicesDir: string | undefined,
  missing: string[],
  params: readonly string[] = [],
  values: ParamValues = {},
): string {
  const lines: string[] = [];
  lines.push(`dazzle-sfn dev: ${manifest.workflows.length} workflows on ${base}`);
  const labels = workflowLabels(manifest.workflows);
  const width = Math.max(...labels.map((l) => l.length));
  for (const [i, w] of manifest.workflows.entries()) {
    const extras = [
      w.human_tasks.length ? `${w.human_tasks.length} human task${w.human_tasks.length > 1 ? 's' : ''}` : '',
      w.signals.length ? `waits for ${w.signals.map((s) => s.signal).join(', ')}` : '',
    ].filter(Boolean);
    lines.push(
      `  ${labels[i].padEnd(width)}  ${triggerText(w, values)}${extras.length ? `  [${extras.join('; ')}]` : ''}`,
    );
  }
  lines.push(`services: ${servicesDir ?? '(none: pass --services DIR)'}`);
  if (missing.length)
    lines.push(`  missing implementations (steps calling them fail): ${missing.join(', ')}`);
  lines.push(...params);
  lines.push('');
  lines.push('routes (dev auth: X-Dev-User / X-Dev-Roles headers):');
  lines.push('  POST /processes/{name}/executions   GET /executions/{id}   GET /executions');
  lines.push('  GET /tasks?status=open   GET /tasks/{id}   POST /tasks/{id}/complete');
  lines.push('  POST /signals/{name}   POST /events   GET /events');
  return lines.join('\n');
}

/** The stage's access rules in a few lines of the startup summary. */
export function accessSummary(access: AccessConfig, stage: string | undefined): string[] {
  const from = stage === undefined ? 'no cdk.json stage' : `cdk.json stage ${stage}`;
  const rules = (r: Readonly<Record<string, readonly string[]>>) =>
    Object.entries(r)
      .map(([name, roles]) => `${name} (${roles.join(', ') || 'nobody'})`)
      .join(', ');
  return [
    `access (${from}): start ${access.start === undefined ? 'any caller' : rules(access.start) || 'nobody'}; ` +
      `signals over HTTP ${rules(access.signals ?? {}) || 'none (use POST /events)'}` +
      (access.adminRole === undefined ? '' : `; admin role ${access.adminRole}`),
  ];
}

/** The dev-auth headers of a caller, as curl arguments. */
const devHeaders = (user: string, roles: readonly string[]) =>
  `-H 'X-Dev-User: ${user}'${roles.length > 0 ? ` -H 'X-Dev-Roles: ${roles.join(',')}'` : ''}`;

export function curlWalkthrough(manifest: Manifest, base: string, access: AccessConfig = {}): string {
  const lines: string[] = [];
  const w = chooseWalkthrough(manifest);
  if (w) {
    const allowed = startRoles(access, w.process.name);
    const starter = devHeaders('alice', allowed === 'any' ? [] : allowed.slice(0, 1));
    const role = w.task.role ?? 'anyone';
    const outcome = w.task.outcomes[0]?.name ?? 'complete';
    const data = sampleObject(w.task.form);
    const via = w.holder === w.process ? '' : ` (its subprocess ${w.holder.name} asks for it)`;
    lines.push(
      `try it — start ${w.process.name}, see the task "${w.task.title}"${via}, complete it, see the result:`,
    );
    lines.push('');
    lines.push(`  curl -s -X POST ${base}/processes/${w.process.name}/executions ${starter} \\`);
    lines.push(
      `    -H 'content-type: application/json' -d ${q({ input: sampleObject(w.process.inputs, true) })}`,
    );
    lines.push(`  curl -s '${base}/tasks?status=open' -H 'X-Dev-User: bob' -H 'X-Dev-Roles: ${role}'`);
    lines.push(
      `  curl -s -X POST ${base}/tasks/TASK_ID/complete -H 'X-Dev-User: bob' -H 'X-Dev-Roles: ${role}' \\`,
    );
    lines.push(`    -H 'content-type: application/json' -d ${q({ outcome, data })}`);
    lines.push(`  curl -s ${base}/executions/EXECUTION_NAME -H 'X-Dev-User: alice'`);
    lines.push(
      `  curl -s '${base}/executions?process=${w.process.name}'   # every execution, with its output`,
    );
  }
  const entityTriggered = manifest.workflows.filter((x) => x.triggers[0]?.kind === 'entity_event');
  const entity = entityTriggered.find((x) => x.human_tasks.length > 0) ?? entityTriggered[0];
  const t = entity?.triggers[0];
  if (entity && t?.kind === 'entity_event') {
    const detailType = { created: 'EntityCreated', updated: 'EntityUpdated', deleted: 'EntityDeleted' }[
      t.event_type
    ];
    const task = entity.human_tasks[0];
    const asks = task
      ? `; its task "${task.title}" is for role ${task.role ?? 'anyone'}: GET /tasks with -H 'X-Dev-Roles: ${task.role ?? ''}'`
      : '';
    lines.push('');
    lines.push(`or put an entity event on the bus (starts ${entity.name}${asks}):`);
    lines.push(
      `  curl -s -X POST ${base}/events -H 'content-type: application/json' -d ${q({
        'detail-type': detailType,
        detail: { entity: t.entity, id: sampleUuid(t.entity), data: sampleObject(entity.inputs, true) },
      })}`,
    );
  }
  return lines.join('\n');
}
