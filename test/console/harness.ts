/**
 * Browser-test harness: the dev server on the example app (what `npm start` runs, on port 0 with
 * schedules off) and Debian's Chromium driven by playwright-core (never a browser download).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = resolve(ROOT, 'test-artifacts/console');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
  const dev = new DevServer({
    compile: () => compileForLocal(collectInputs([dsl], ROOT)),
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
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export const screenshotPath = (name: string) => resolve(ARTIFACTS, `${name}.png`);
