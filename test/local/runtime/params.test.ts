import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCdkJson, LocalParamsError, localParams } from '../../../local/params.ts';

const root = mkdtempSync(join(tmpdir(), 'dz-local-params-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project dir with package.json, `cdk` as its cdk.json (none when undefined), and a `src` subdir. */
function project(name: string, cdk?: unknown): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  if (cdk !== undefined)
    writeFileSync(join(dir, 'cdk.json'), typeof cdk === 'string' ? cdk : JSON.stringify(cdk));
  return dir;
}

const stages = (params: Record<string, Record<string, unknown>>) => ({
  context: { stages: Object.fromEntries(Object.entries(params).map(([s, p]) => [s, { params: p }])) },
});

describe('localParams', () => {
  const app = project(
    'app',
    stages({ dev: { cron: '0 6 * * *', limit: 1800 }, prod: { cron: '0 7 * * *' } }),
  );

  it('reads stage dev of cdk.json in the cwd or the project root above it, numbers as text', () => {
    for (const cwd of [app, join(app, 'src')]) {
      expect(findCdkJson(cwd)).toBe(join(app, 'cdk.json'));
      expect(localParams({ cwd })).toEqual({
        values: { cron: '0 6 * * *', limit: '1800' },
        access: {},
        stage: 'dev',
        summary: ['params from cdk.json stage dev: cron=0 6 * * *, limit=1800'],
      });
    }
  });

  it('takes --stage, then the overrides over it', () => {
    expect(localParams({ cwd: app, stage: 'prod', overrides: { cron: '0 8 * * *', tz: 'UTC' } })).toEqual({
      values: { cron: '0 8 * * *', tz: 'UTC' },
      access: {},
      stage: 'prod',
      summary: [
        'params from cdk.json stage prod: cron=0 7 * * *',
        'params from --param: cron=0 8 * * *, tz=UTC',
      ],
    });
  });

  it('has no params without a cdk.json or without stages.dev; an explicit --stage must exist', () => {
    const bare = project('bare');
    expect(findCdkJson(join(bare, 'src'))).toBeUndefined();
    expect(localParams({ cwd: bare })).toEqual({ values: {}, access: {}, summary: [] });
    expect(localParams({ cwd: project('prodonly', stages({ prod: { a: 'b' } })) })).toEqual({
      values: {},
      access: {},
      summary: [],
    });
    expect(() => localParams({ cwd: bare, stage: 'dev' })).toThrow(
      expect.objectContaining({ usage: true, message: expect.stringMatching(/^--stage dev: no cdk\.json/) }),
    );
    expect(() => localParams({ cwd: app, stage: 'qa' })).toThrow(
      expect.objectContaining({
        usage: true,
        message: expect.stringMatching(/has no stages\.qa \(stages: dev, prod\)/),
      }),
    );
  });

  it('reads the stage access rules and rejects a bad stage with the value and the fix', () => {
    const cwd = project('access', {
      context: { stages: { dev: { access: { adminRole: 'admin', signals: { paid: ['bank'] } } } } },
    });
    expect(localParams({ cwd }).access).toEqual({ adminRole: 'admin', signals: { paid: ['bank'] } });
    const bad = project('bad-access', {
      context: { stages: { dev: { access: { start: { p: 'clerk' } } } } },
    });
    expect(() => localParams({ cwd: bad })).toThrow(
      /context\.stages\.dev\.access\.start\.p: expected a list of role names, e\.g\. \["clerk", "manager"\], got "clerk"/,
    );
  });

  it('rejects a cdk.json it cannot use (not a usage error)', () => {
    for (const [name, cdk] of [
      ['broken', '{'],
      ['list', stages({ dev: [] as unknown as Record<string, unknown> })],
      ['nested', stages({ dev: { a: { b: 1 } } })],
    ] as const) {
      const cwd = project(name, cdk);
      expect(() => localParams({ cwd })).toThrow(LocalParamsError);
      expect(() => localParams({ cwd })).toThrow(expect.objectContaining({ usage: false }));
    }
  });
});
