/**
 * Browser-test harness: the dev server on the example app (what `npm start` runs, on port 0 with
 * schedules off) and Debian's Chromium driven by playwright-core (never a browser download).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';
import { localParams } from '../../local/params.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = resolve(ROOT, 'test-artifacts/console');
/** Where Chromium (or Chrome) is usually installed: Debian/Ubuntu packages, snap, Chrome, macOS. */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * The browser to drive: `CHROMIUM_PATH` when set (it must exist), else the first of the usual
 * install paths that exists; `found: false` with the reason when there is none.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): { found: true; path: string } | { found: false; reason: string } {
  const given = env.CHROMIUM_PATH;
  if (given) {
    return exists(given)
      ? { found: true, path: given }
      : { found: false, reason: `CHROMIUM_PATH=${given} does not exist` };
  }
  const path = USUAL_PATHS.find(exists);
  return path
    ? { found: true, path }
    : {
        found: false,
        reason: `no Chromium found (set CHROMIUM_PATH, or install one: apt-get install chromium); looked in ${USUAL_PATHS.join(', ')}`,
      };
}

export const CHROMIUM = findChromium();

/** The flags this machine needs (no sandbox as root, no background network, no GPU). */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleServer {
  url: string;
  dev: DevServer;
  log: string[];
  close(): Promise<void>;
}

export async function startConsoleServer(): Promise<ConsoleServer> {
  const dsl = resolve(ROOT, 'examples/dsl');
  const log: string[] = [];
  const stage = localParams({ cwd: ROOT });
  const dev = new DevServer({
    compile: () => compileForLocal(collectInputs([dsl], ROOT)),
    // As `npm start`: cdk.json's dev stage gives the params and the access rules.
    params: stage.values,
    access: stage.access,
    stage: stage.stage,
    watch: [dsl],
    servicesDir: resolve(ROOT, 'examples/services'),
    port: 0,
    schedules: false,
    transitions: false,
    out: (line) => log.push(line),
    err: (line) => log.push(line),
  });
  await dev.start();
  return { url: dev.url, dev, log, close: () => dev.close() };
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!CHROMIUM.found) throw new Error(CHROMIUM.reason);
  return chromium.launch({ executablePath: CHROMIUM.path, headless: true, args: CHROMIUM_FLAGS });
}

export const screenshotPath = (name: string) => resolve(ARTIFACTS, `${name}.png`);
