#!/usr/bin/env node
// Installed from npm, the CLI runs the package's built JavaScript (dist/) on plain Node. In a
// checkout, where the TypeScript sources are, it runs dist/ only when dist/ was built from exactly
// the sources there now (the hash `npm run build` records matches: scripts/source-hash.js; about
// 40 ms to check); otherwise tsx runs the sources. No build step while developing, and never
// stale code: an edit, a new file or a checkout of another commit makes dist/ stale until rebuilt.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const source = new URL('cli/main.ts', root);
const fromSources =
  existsSync(source) && !(await import('../scripts/source-hash.js')).distIsCurrent(fileURLToPath(root));
const cli = fromSources
  ? await import('tsx/esm/api').then(({ register }) => {
      register();
      return import(source.href);
    })
  : await import('../dist/cli/main.js');
await cli.main();
