import { describe, expect, it } from 'vitest';
import { checkSources, compileSources } from '../../compiler/index.ts';
import type { Workflow } from '../../compiler/ir/types.ts';
import { analyseCoverage } from '../../compiler/tools/coverage.ts';
import { diagramModel } from '../../compiler/tools/diagram.ts';
import { proposeClusters } from '../../compiler/tools/propose.ts';
import { briefToDsl } from '../../compiler/tools/proposeDsl.ts';
import { app, appFiles, parsedApp, storyApps } from '../compiler/tools/harness.ts';
import { dazzleCorpus } from './corpus.ts';

/** The tools (coverage, propose, diagram, compile) on every app of Dazzle's corpus. */
const corpus = dazzleCorpus();
const corpusApps = storyApps(corpus);

describe("the tools on Dazzle's corpus", () => {
  it('simple_task: the auto-assignment process covers ST-017 partly', () => {
    const report = analyseCoverage(app(...appFiles('simple_task', corpus)));
    expect(report).toMatchObject({ total_stories: 16, covered: 0, partial: 1, uncovered: 15 });
    expect(report.stories.find((s) => s.story_id === 'ST-017')).toEqual({
      story_id: 'ST-017',
      title: 'Team Manager assigns a task to a Team Member',
      status: 'partial',
      implementing_processes: ['task_auto_assignment'],
      missing_aspects: ['Task.assigned_to is set to the chosen Team Member'],
    });
  });

  it('every corpus app with stories gets a consistent coverage report', () => {
    expect(corpusApps.length).toBeGreaterThan(5);
    for (const name of corpusApps) {
      const ir = app(...appFiles(name, corpus));
      const report = analyseCoverage(ir, { limit: 1000 });
      const active = ir.stories.filter((s) => s.status !== 'rejected').length;
      expect(report.total_stories, name).toBe(active);
      expect(report.covered + report.partial + report.uncovered, name).toBe(active);
      for (const s of report.stories) {
        expect(s.missing_aspects.length === 0, `${name} ${s.story_id}`).toBe(s.status === 'covered');
      }
    }
  });

  it('every brief proposed for a corpus app validates', () => {
    for (const name of corpusApps) {
      for (const cluster of proposeClusters(app(...appFiles(name, corpus)), { includeCrud: true }) ?? []) {
        const text = briefToDsl(cluster);
        const { diagnostics } = checkSources([{ name: `${cluster.brief.name}.dsl`, text }]);
        expect(
          diagnostics.filter((d) => d.severity === 'error'),
          `${name}/${cluster.brief.name}\n${text}`,
        ).toEqual([]);
      }
    }
  });

  it('every process and schedule of fixture_pra and simple_task draws with every step', () => {
    for (const ir of [parsedApp(appFiles('fixture_pra', corpus)), app(...appFiles('simple_task', corpus))]) {
      for (const w of [
        ...ir.processes.map((spec): Workflow => ({ kind: 'process', spec })),
        ...ir.schedules.map((spec): Workflow => ({ kind: 'schedule', spec })),
      ]) {
        const ids = new Set(diagramModel(w).nodes.map((n) => n.id));
        for (const step of w.spec.steps)
          expect(ids.has(`s_${step.name}`), `${w.spec.name}.${step.name}`).toBe(true);
      }
    }
  });

  it('every corpus app compiles, or reports errors in its own files', () => {
    for (const name of [...corpusApps, 'fixture_pra']) {
      const files = appFiles(name, corpus);
      const result = compileSources(files);
      if (!result.artifacts) {
        expect(
          result.diagnostics.some((d) => d.severity === 'error'),
          name,
        ).toBe(true);
      }
    }
  });
});
