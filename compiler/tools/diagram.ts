import { asWritten, type Workflow } from '../ir/types.ts';
import { type FlowTarget, planWorkflow, type ScopePlan, type StepPlan, workflowOf } from '../plan/index.ts';
import { describeTrigger, formatDuration } from './inspect.ts';

/**
 * A process or schedule as a flow graph, drawn as Mermaid (`flowchart TD`) or laid out as SVG
 * (`diagramSvg.ts`) from the same model. After Dazzle's `get_process_diagram_handler`
 * (`mcp/server/handlers/process/diagrams.py`): the start node carries the trigger, each step kind
 * has its own shape, success edges are solid, `on_failure` edges dashed and labelled `error`,
 * conditions branch `yes` / `no`, human-task outcomes are labelled edges, and compensations sit in
 * their own group with a dotted edge from the step that registers each. Unlike Dazzle the edges
 * come from the compiler's flow plan, so they are the routes the state machine really takes (a
 * condition without `on_false` continues with the next step; it does not fail).
 */

export type NodeShape =
  | 'start'
  | 'end'
  | 'fail'
  | 'rect'
  | 'send'
  | 'hexagon'
  | 'trapezoid'
  | 'subroutine'
  | 'rhombus'
  | 'cylinder'
  | 'parallelogram'
  | 'rounded'
  | 'fork'
  | 'loop';

export interface DiagramNode {
  id: string;
  /** Lines of text. */
  label: string[];
  shape: NodeShape;
  /** The cluster (parallel, foreach, compensations) the node sits in. */
  cluster?: string;
}

export type EdgeKind = 'success' | 'error' | 'yes' | 'no' | 'outcome' | 'compensation' | 'loop';

export interface DiagramEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
}

export interface DiagramCluster {
  id: string;
  label: string;
  parent?: string;
}

export interface DiagramModel {
  name: string;
  title?: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  clusters: DiagramCluster[];
}

export const START = 'START';
export const COMPLETE = 'COMPLETE';
export const FAILED = 'FAILED';

interface ScopeExits {
  complete: string;
  fail: string;
  prefix: string;
  cluster?: string;
}

export function diagramModel(workflow: Workflow): DiagramModel {
  const plan = planWorkflow(workflowOf(workflow));
  const model: DiagramModel = {
    name: workflow.spec.name,
    title: workflow.spec.title,
    nodes: [],
    edges: [],
    clusters: [],
  };
  model.nodes.push({ id: START, label: [startLabel(workflow)], shape: 'start' });
  const first = addScope(model, plan.root, { complete: COMPLETE, fail: FAILED, prefix: 's_' });
  model.edges.push({ from: START, to: first ?? COMPLETE, kind: 'success' });
  model.nodes.push({ id: COMPLETE, label: ['Complete'], shape: 'end' });
  // Every step can fail; the Failed end is drawn when some route leads there explicitly.
  if (model.edges.some((e) => e.to === FAILED))
    model.nodes.push({ id: FAILED, label: ['Failed'], shape: 'fail' });
  if (plan.compensations.length > 0) {
    model.clusters.push({ id: 'compensations', label: 'Compensations (reverse order on failure)' });
    for (const c of plan.compensations) {
      model.nodes.push({
        id: `c_${c.name}`,
        label: [c.name, `${c.implicit ? 'implicit: ' : ''}service ${c.service}`],
        shape: 'parallelogram',
        cluster: 'compensations',
      });
    }
    const registering = (scope: ScopePlan, prefix: string): void => {
      for (const s of scope.steps) {
        if (s.compensation)
          model.edges.push({
            from: prefix + s.step.name,
            to: `c_${s.compensation.name}`,
            kind: 'compensation',
            label: 'undo',
          });
        for (const inner of s.scopes ?? []) registering(inner, `${prefix}${s.step.name}__`);
      }
    };
    registering(plan.root, 's_');
  }
  return model;
}

function startLabel(workflow: Workflow): string {
  if (workflow.kind === 'schedule') {
    const s = workflow.spec;
    const when =
      s.cron !== undefined
        ? `cron "${asWritten(s.cron)}"`
        : `every ${formatDuration(s.interval_seconds ?? 0)}`;
    return `${when} ${asWritten(s.timezone)}`;
  }
  return workflow.spec.trigger ? describeTrigger(workflow.spec.trigger).replace('->', '→') : 'manual start';
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/**
 * Adds a scope's steps and edges; returns the id of its entry node. The implicit end of a branch or
 * foreach body goes to its join or loop node; a `complete` / `fail` written inside (`exit`) ends the
 * process, so it goes to the process's Complete / Failed node.
 */
function addScope(model: DiagramModel, scope: ScopePlan, exits: ScopeExits): string | undefined {
  const entryOf = (name: string) => exits.prefix + name;
  const target = (t: FlowTarget): string => {
    if (t.kind === 'step') return entryOf(t.step);
    if (t.kind === 'complete') return t.exit ? COMPLETE : exits.complete;
    return t.exit ? FAILED : exits.fail;
  };
  for (const s of scope.steps) addStep(model, s, exits, target);
  return scope.steps[0] ? entryOf(scope.steps[0].step.name) : undefined;
}

function addStep(
  model: DiagramModel,
  s: StepPlan,
  exits: ScopeExits,
  target: (t: FlowTarget) => string,
): void {
  const step = s.step;
  const id = exits.prefix + step.name;
  const node = (shape: NodeShape, ...detail: string[]) =>
    model.nodes.push({
      id,
      label: [step.name, ...detail.flatMap((d) => wrap(d, 36))],
      shape,
      cluster: exits.cluster,
    });
  const edge = (to: string, kind: EdgeKind, label?: string) =>
    model.edges.push({ from: id, to, kind, label });
  let successFrom = id;
  switch (step.kind) {
    case 'service':
      node('rect', `service ${step.service}`);
      break;
    case 'send':
      node('send', `send ${step.message}`, `on ${step.channel}`);
      break;
    case 'wait':
      node(
        'hexagon',
        step.wait_for_signal !== undefined
          ? `wait for ${step.wait_for_signal}`
          : `wait ${formatDuration(step.wait_duration_seconds ?? 0)}`,
      );
      break;
    case 'human_task': {
      const t = step.human_task;
      node(
        'trapezoid',
        t.title ?? (t.surface ? `surface ${t.surface}` : 'human task'),
        t.assignee_role ? `role ${t.assignee_role}` : 'any role',
      );
      break;
    }
    case 'subprocess':
      node('subroutine', `→ ${step.subprocess}`);
      break;
    case 'condition':
      node('rhombus', step.condition);
      break;
    case 'query':
      node('cylinder', `query ${step.query_entity}`);
      break;
    case 'side_effect':
      node(
        'parallelogram',
        step.effects.map((e) => `${e.action} ${e.entity_name}`).join(', ') || 'side effects',
      );
      break;
    case 'llm_intent':
      node('rounded', `llm ${step.llm_intent}`);
      break;
    case 'parallel': {
      const cluster = `${id}__cluster`;
      model.clusters.push({
        id: cluster,
        label: `parallel ${step.name} (${step.parallel_policy})`,
        parent: exits.cluster,
      });
      const join = `${id}__join`;
      model.nodes.push({ id, label: [step.name, 'fork'], shape: 'fork', cluster });
      for (const branch of s.scopes ?? []) {
        if (branch.steps[0]) edge(`${id}__${branch.steps[0].step.name}`, 'success');
        addScope(model, branch, { complete: join, fail: target(s.onFailure), prefix: `${id}__`, cluster });
      }
      model.nodes.push({ id: join, label: ['join'], shape: 'fork', cluster });
      successFrom = join;
      break;
    }
    case 'foreach': {
      const cluster = `${id}__cluster`;
      model.clusters.push({ id: cluster, label: `foreach ${step.name}`, parent: exits.cluster });
      model.nodes.push({
        id,
        label: [step.name, `for each item of ${step.foreach_source}`],
        shape: 'loop',
        cluster,
      });
      const body = s.scopes?.[0];
      if (body?.steps[0]) edge(`${id}__${body.steps[0].step.name}`, 'loop', 'next item');
      if (body)
        addScope(model, body, { complete: id, fail: target(s.onFailure), prefix: `${id}__`, cluster });
      break;
    }
    default: {
      const never: never = step;
      throw new Error(`unknown step kind ${JSON.stringify(never)}`);
    }
  }
  if (s.whenTrue && s.whenFalse) {
    edge(target(s.whenTrue), 'yes', 'yes');
    edge(target(s.whenFalse), 'no', 'no');
  } else if (s.outcomes && step.kind === 'human_task' && step.human_task.outcomes.length > 0) {
    for (const route of s.outcomes)
      edge(target(route.target), 'outcome', route.outcome.label || route.outcome.name);
  } else {
    model.edges.push({
      from: successFrom,
      to: target(s.next),
      kind: 'success',
      label: step.kind === 'foreach' ? 'done' : undefined,
    });
  }
  if (step.on_failure) edge(target(s.onFailure), 'error', 'error');
}

// ---------------------------------------------------------------------------------------------
// Mermaid

const MERMAID_SHAPES: Record<NodeShape, (id: string, text: string) => string> = {
  start: (id, t) => `${id}(["${t}"])`,
  end: (id, t) => `${id}(["${t}"])`,
  fail: (id, t) => `${id}(["${t}"])`,
  rect: (id, t) => `${id}["${t}"]`,
  send: (id, t) => `${id}>"${t}"]`,
  hexagon: (id, t) => `${id}{{"${t}"}}`,
  trapezoid: (id, t) => `${id}[/"${t}"\\]`,
  subroutine: (id, t) => `${id}[["${t}"]]`,
  rhombus: (id, t) => `${id}{"${t}"}`,
  cylinder: (id, t) => `${id}[("${t}")]`,
  parallelogram: (id, t) => `${id}[/"${t}"/]`,
  rounded: (id, t) => `${id}("${t}")`,
  fork: (id, t) => `${id}(("${t}"))`,
  loop: (id, t) => `${id}[["${t}"]]`,
};

const MERMAID_ARROWS: Record<EdgeKind, string> = {
  success: '-->',
  yes: '-->',
  no: '-->',
  outcome: '-->',
  loop: '-->',
  error: '-.->',
  compensation: '-.->',
};

/** Mermaid text: `&`, `"`, `<`, `>` and `#` escaped as entity codes. */
const mermaidText = (lines: readonly string[]): string =>
  lines
    .map((l) =>
      l
        .replace(/#/g, '#35;')
        .replace(/&/g, '#38;')
        .replace(/"/g, '#quot;')
        .replace(/</g, '#lt;')
        .replace(/>/g, '#gt;'),
    )
    .join('<br/>');

export function toMermaid(model: DiagramModel): string {
  const lines = ['flowchart TD', `    %% ${model.name}${model.title ? `: ${model.title}` : ''}`];
  const byCluster = new Map<string | undefined, DiagramNode[]>();
  for (const n of model.nodes) byCluster.set(n.cluster, [...(byCluster.get(n.cluster) ?? []), n]);
  const emitCluster = (cluster: string | undefined, indent: string) => {
    for (const n of byCluster.get(cluster) ?? [])
      lines.push(indent + MERMAID_SHAPES[n.shape](n.id, mermaidText(n.label)));
    for (const c of model.clusters.filter((c) => c.parent === cluster)) {
      lines.push(`${indent}subgraph ${c.id} ["${mermaidText([c.label])}"]`);
      emitCluster(c.id, `${indent}    `);
      lines.push(`${indent}end`);
    }
  };
  emitCluster(undefined, '    ');
  for (const e of model.edges) {
    const label = e.label ? `|${mermaidText([e.label]).replace(/\|/g, '#124;')}|` : '';
    lines.push(`    ${e.from} ${MERMAID_ARROWS[e.kind]}${label} ${e.to}`);
  }
  lines.push(
    '    classDef startEnd fill:#e8f5e9,stroke:#2e7d32',
    '    classDef failed fill:#ffebee,stroke:#c62828',
    '    classDef human fill:#fff3e0,stroke:#ef6c00',
    '    classDef compensation fill:#f3e5f5,stroke:#6a1b9a',
    `    class ${START},${COMPLETE} startEnd`,
  );
  if (model.nodes.some((n) => n.id === FAILED)) lines.push(`    class ${FAILED} failed`);
  const human = model.nodes.filter((n) => n.shape === 'trapezoid').map((n) => n.id);
  if (human.length) lines.push(`    class ${human.join(',')} human`);
  const comps = model.nodes.filter((n) => n.cluster === 'compensations').map((n) => n.id);
  if (comps.length) lines.push(`    class ${comps.join(',')} compensation`);
  return lines.join('\n');
}

export function diagramMermaid(workflow: Workflow): string {
  return toMermaid(diagramModel(workflow));
}
