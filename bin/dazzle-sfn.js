#!/usr/bin/env node
// Installed from npm, the CLI runs the package's built JavaScript (dist/) on plain Node. In a
// checkout, where the TypeScript sources are, tsx runs them: no build step while developing.
import { existsSync } from 'node:fs';

const source = new URL('../cli/main.ts', import.meta.url);
const cli = existsSync(source)
  ? await import('tsx/esm/api').then(({ register }) => {
      register();
      return import(source.href);
    })
  : await import('../dist/cli/main.js');
await cli.main();
