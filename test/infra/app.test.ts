/**
 * The CDK app (`cdk synth` runs `npx tsx infra/app.ts`): an error in the user's sources (Dazzle
 * files, service modules) prints as located lines, never a stack trace or a code frame, and the
 * synth exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dazzle-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npx tsx infra/app.ts` as the CDK CLI runs it, with `context` and an output directory. */
function synth(context: Record<string, string>) {
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ jwtIssuer: 'https://issuer.example', jwtAudience: 'a', ...context }),
      CDK_OUTDIR: join(dir, 'cdk.out'),
      DAZZLE_DEBUG: '',
    },
  });
  return { status: out.status, stderr: out.stderr.trim() };
}

describe('infra/app.ts on bad sources', () => {
  it('prints each diagnostic as one located line and exits 1, with no stack trace', () => {
    const dsl = join(dir, 'broken.dsl');
    writeFileSync(
      dsl,
      'process p:\n  steps:\n    - step s:\n        service: x\n        on_success: nowhere\n',
    );
    const r = synth({ dsl, services: join(ROOT, 'test/fixtures/names/services') });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => !l.startsWith('cdk.json has no stages'));
    expect(lines).toEqual([
      'dazzle-sfn synth: the Dazzle sources do not compile:',
      expect.stringMatching(/^dazzle-sfn synth: .*broken\.dsl:5:\d+: error DZ300 /),
    ]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);

  it('says where a missing dotted service module goes, in one line', () => {
    const dsl = join(dir, 'missing.dsl');
    writeFileSync(dsl, 'process p:\n  steps:\n    - step s:\n        service: Billing.charge\n');
    const r = synth({ dsl, services: join(ROOT, 'test/fixtures/names/services') });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => !l.startsWith('cdk.json has no stages'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^dazzle-sfn synth: service 'Billing\.charge' is used by a process but .*Billing\.charge\.ts \(or .*Billing\/charge\.ts\) does not exist;/,
      ),
    ]);
  }, 120_000);

  it('reports a service module that does not build as one located line, with no code frame', () => {
    const dsl = join(dir, 'refund.dsl');
    const services = join(dir, 'services');
    mkdirSync(join(services, 'Billing'), { recursive: true });
    writeFileSync(dsl, 'process q:\n  steps:\n    - step s:\n        service: Billing.refund\n');
    writeFileSync(
      join(services, 'Billing/refund.ts'),
      'export const handler = async () => {\n  return { ok: true\n};\n',
    );
    const r = synth({ dsl, services });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => !l.startsWith('cdk.json has no stages'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^dazzle-sfn synth: \S*services\/Billing\/refund\.ts:4:1: error: Unexpected end of file$/,
      ),
    ]);
  }, 120_000);
});
