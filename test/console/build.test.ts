import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBuilt, sourceHash } from '../../local/console/build.ts';

const dir = mkdtempSync(join(tmpdir(), 'console-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console build staleness', () => {
  it('hashes file names and contents, so an edit or a new file means a rebuild', () => {
    mkdirSync(join(dir, 'web/sub'), { recursive: true });
    writeFileSync(join(dir, 'web/main.ts'), 'a');
    const first = sourceHash(join(dir, 'web'));
    expect(sourceHash(join(dir, 'web'))).toBe(first);
    writeFileSync(join(dir, 'web/main.ts'), 'b');
    const edited = sourceHash(join(dir, 'web'));
    expect(edited).not.toBe(first);
    writeFileSync(join(dir, 'web/sub/extra.css'), '');
    expect(sourceHash(join(dir, 'web'))).not.toBe(edited);
  });

  it('counts a dist without its page or its stamp as not built', () => {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    expect(isBuilt(join(dir, 'dist'))).toBe(false);
    writeFileSync(join(dir, 'dist/index.html'), '<!doctype html>');
    expect(isBuilt(join(dir, 'dist'))).toBe(false);
    writeFileSync(join(dir, 'dist/.source-hash'), 'not the hash of web/\n');
    expect(isBuilt(join(dir, 'dist'))).toBe(false);
  });
});
