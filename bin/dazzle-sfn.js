#!/usr/bin/env node
// The CLI is written in TypeScript; tsx's loader lets the package run without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main();
