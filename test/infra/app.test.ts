/**
 * The CDK app (`cdk synth` runs `npx tsx infra/app.ts`): an error in the user's sources prints as
 * located lines, never a stack trace, and the synth exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
