/**
 * The stage settings schema (`context.stages.<stage>` of cdk.json), shared by synth and `dev`: it
 * accepts the repository's own cdk.json, and every bad value is reported with the value and a fix.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AccessConfig,
  checkAccess,
  mayReadExecution,
  maySignal,
  mayStart,
} from '../../../compiler/contracts/access.ts';
import { parseStageSettings, StageConfigError } from '../../../compiler/contracts/stage-config.ts';

const cdk = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
  context: { stages: Record<string, unknown> };
};

const problems = (value: unknown) => {
  try {
    parseStageSettings(value, 'cdk.json: stages.dev');
  } catch (error) {
    if (error instanceof StageConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseStageSettings', () => {
  it.each(Object.keys(cdk.context.stages))("accepts cdk.json's stage %s", (stage) => {
    expect(problems(cdk.context.stages[stage])).toEqual([]);
  });

  it('reads params as text and keeps the access and logging settings', () => {
    expect(
      parseStageSettings(
        { params: { n: 30, s: 'x' }, access: { signals: { paid: ['bank'] } }, logging: { level: 'ALL' } },
        'x',
      ),
    ).toEqual({
      params: { n: '30', s: 'x' },
      access: { signals: { paid: ['bank'] } },
      logging: { level: 'ALL' },
    });
  });

  it.each([
    [
      { access: { start: { reopen_expense: 'clerk' } } },
      'cdk.json: stages.dev.access.start.reopen_expense: expected a list of role names, e.g. ["clerk", "manager"], got "clerk"',
    ],
    [
      { access: { adminRole: '' } },
      'cdk.json: stages.dev.access.adminRole: expected a role name (a non-empty string), e.g. "admin", got ""',
    ],
    [
      { access: { iamSignals: 'yes' } },
      'cdk.json: stages.dev.access.iamSignals: expected true or false, got "yes"',
    ],
    [
      { access: { signals: ['paid'] } },
      'cdk.json: stages.dev.access.signals: expected an object of signal name → list of roles, e.g. {"receipt_uploaded": ["clerk"]}, got ["paid"]',
    ],
    [
      { access: { adminrole: 'admin' } },
      'cdk.json: stages.dev.access: unknown setting "adminrole"; remove it or use one of adminRole, start, signals, iamSignals. Did you mean "adminRole"?',
    ],
    [
      { logging: { level: 'DEBUG' } },
      'cdk.json: stages.dev.logging.level: expected one of OFF, ALL, ERROR, FATAL, got "DEBUG"',
    ],
    [
      { logging: { includeExecutionData: 1 } },
      'cdk.json: stages.dev.logging.includeExecutionData: expected true or false, got 1',
    ],
    [{ removal: 'keep' }, 'cdk.json: stages.dev.removal: expected "retain" or "destroy", got "keep"'],
    [
      { params: { a: { b: 1 } } },
      'cdk.json: stages.dev.params.a: expected a string or a number, got {"b":1}',
    ],
    [
      { acces: {} },
      expect.stringMatching(/^cdk\.json: stages\.dev: unknown setting "acces"; .* Did you mean "access"\?$/),
    ],
    ['prod', 'cdk.json: stages.dev: expected an object of stage settings, got "prod"'],
  ])('%j: %s', (value, message) => {
    expect(problems(value)).toEqual([message]);
  });

  it('reports every problem at once', () => {
    expect(problems({ removal: 'keep', access: { iamSignals: 1 } })).toHaveLength(2);
  });
});

describe('access decisions', () => {
  const access: AccessConfig = {
    adminRole: 'admin',
    start: { reopen: ['clerk'], '*': ['ops'] },
    signals: { paid: ['bank'] },
  };

  it('starts: the process rule, else "*", else nobody; anyone on a stage without start rules', () => {
    expect(mayStart(access, 'reopen', ['clerk'])).toBe(true);
    expect(mayStart(access, 'reopen', ['ops'])).toBe(false);
    expect(mayStart(access, 'other', ['ops'])).toBe(true);
    expect(mayStart({ start: { reopen: ['clerk'] } }, 'other', ['clerk'])).toBe(false);
    expect(mayStart({}, 'anything', [])).toBe(true);
    expect(mayStart(access, 'constructor', ['clerk'])).toBe(false);
  });

  it('signals: only roles listed for the signal; IAM callers only on an iamSignals stage', () => {
    expect(maySignal(access, 'paid', { roles: ['bank'] })).toBe(true);
    expect(maySignal(access, 'paid', { roles: ['admin'] })).toBe(false);
    expect(maySignal(access, 'other', { roles: ['bank'] })).toBe(false);
    expect(maySignal({}, 'paid', { roles: ['bank'] })).toBe(false);
    expect(maySignal(access, 'paid', { iam: true })).toBe(false);
    expect(maySignal({ ...access, iamSignals: true }, 'anything', { iam: true })).toBe(true);
  });

  it('reads: the starter, the task roles, the admin role', () => {
    const run = { startedBy: 'alice', taskRoles: ['manager'] };
    expect(mayReadExecution(access, { ids: ['alice'], roles: [] }, run)).toBe(true);
    expect(mayReadExecution(access, { ids: ['bob'], roles: ['manager'] }, run)).toBe(true);
    expect(mayReadExecution(access, { ids: ['root'], roles: ['admin'] }, run)).toBe(true);
    expect(mayReadExecution(access, { ids: ['mallory'], roles: ['clerk'] }, run)).toBe(false);
    expect(mayReadExecution({}, { ids: ['root'], roles: ['admin'] }, { taskRoles: [] })).toBe(false);
  });

  it('checks the rules against the app: unknown names are errors, open or unreachable starts warnings', () => {
    const app = { manualProcesses: ['reopen', 'ship'], waitedSignals: ['paid'] };
    expect(checkAccess({}, app, 'access')).toEqual({
      errors: [],
      warnings: [
        'access has no start rules: any authenticated caller may start reopen, ship; add access.start {"<process>": ["<role>", …]} to restrict them',
      ],
    });
    expect(checkAccess({ start: { reopen: ['clerk'] } }, app, 'access').warnings).toEqual([
      'access.start names no role for ship: no caller may start it over HTTP',
    ]);
    expect(checkAccess({ start: { reopn: [] }, signals: { payd: [] } }, app, 'access').errors).toEqual([
      'access.start: "reopn" is not a manually started process of this app (reopen, ship); remove it or fix the name. Did you mean "reopen"?',
      'access.signals: "payd" is not a signal a process of this app waits for (paid); remove it or fix the name. Did you mean "paid"?',
    ]);
  });
});
