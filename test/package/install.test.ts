/**
 * The package as a user gets it: `npm pack` (which builds dist/ at prepack), the tarball installed
 * into a fresh project with its own package.json by `npm ci --offline` (every tarball from npm's
 * cache, warm after the repository's `npm ci`; lockfile.ts), then what the README promises there:
 * `npx dazzle-sfn compile` on a DSL file, a CDK app of the user's own that imports
 * `dazzle-sfn/cdk` and synthesizes (the handler Lambdas bundled by NodejsFunction from the
 * installed package), and the declarations of every export.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAVY, importsOf } from '../cli/imports.ts';
import { userProject } from './lockfile.ts';

const ROOT = resolve(import.meta.dirname, '../..');

let work: string;
let project: string;
let tarball: string;
let files: string[];

function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // Not the npm_* settings of the `npm run` that started this test.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_'))),
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`,
    );
  }
}

const HELLO_DSL = `process greet "Greet":
  trigger: manual

  input:
    name: str required

  steps:
    - step say_hello:
        service: greeter
        timeout: 30s
        inputs:
          - input.name -> name
`;

const GREETER = `export const handler = async (event: { name?: string }) => ({ greeting: \`hello \${event.name}\` });
`;

const CDK_APP = `import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DazzleProcesses, ProcessSource, ServiceFunctions } from 'dazzle-sfn/cdk';

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'UserApp');
const processes = new DazzleProcesses(stack, 'Processes', {
  appName: 'user',
  source: ProcessSource.fromFiles(['dsl']),
  services: ServiceFunctions.fromDirectory('services'),
  jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_USER',
  jwtAudience: ['user-client'],
});
const mine = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
processes.grantStartExecution(mine, 'greet');
app.synth();
`;

/** Uses every export's types, so a missing or untyped declaration is a type error. */
const TYPES_CHECK = `import { compileSources, type CompileResult } from 'dazzle-sfn';
import { DazzleProcesses, type DazzleProcessesProps, ProcessSource } from 'dazzle-sfn/cdk';
import { aslValidator, collectInputs } from 'dazzle-sfn/host';
import { compileForLocal, type LocalRuntime } from 'dazzle-sfn/local';

const result: CompileResult = compileSources(collectInputs(['dsl'], '.'), { validateAsl: aslValidator() });
const props: Pick<DazzleProcessesProps, 'source'> = { source: ProcessSource.fromSources([]) };
const local = compileForLocal([]);
export type Used = [typeof result, typeof props, typeof local, LocalRuntime, typeof DazzleProcesses];
`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dazzle-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, packed[0].filename);
  files = packed[0].files.map((f) => f.path).sort();

  project = join(work, 'user-app');
  for (const dir of ['dsl', 'services']) mkdirSync(join(project, dir), { recursive: true });
  const { packageJson, packageLock } = userProject(ROOT, tarball, 'user-app');
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify(packageLock, null, 2)}\n`);
  writeFileSync(join(project, 'dsl/hello.dsl'), HELLO_DSL);
  writeFileSync(join(project, 'services/greeter.ts'), GREETER);
  writeFileSync(join(project, 'app.mjs'), CDK_APP);
  writeFileSync(join(project, 'check.ts'), TYPES_CHECK);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['check.ts'],
    }),
  );
  // --offline: every tarball comes from npm's cache (warm after the repository's `npm ci`), and the
  // lock file means no registry metadata is needed; a request to the registry fails the install.
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the built JavaScript, declarations and console, and no sources or tests', () => {
    expect(files).toContain('bin/dazzle-sfn.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/infra/index.d.ts');
    expect(files).toContain('dist/local/console/dist/index.html');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('examples/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs aws-cdk-lib and constructs once: the project’s own copies are the peers', () => {
    const nested = join(project, 'node_modules/dazzle-sfn/node_modules');
    const copies = existsSync(nested) ? readdirSync(nested) : [];
    expect(copies).not.toContain('aws-cdk-lib');
    expect(copies).not.toContain('constructs');
  });

  it('compiles a DSL file with `npx dazzle-sfn compile`, on plain Node', () => {
    const out = run('npx', ['--no-install', 'dazzle-sfn', 'compile', 'dsl', '--out', 'out'], project);
    expect(out).toContain('compiled 1 state machine to out');
    expect(JSON.parse(readFileSync(join(project, 'out/manifest.json'), 'utf8')).workflows).toHaveLength(1);
  });

  it('starts --help and validate on the built dist/, importing no sources, tsx, CDK, SDK, esbuild or zod', () => {
    const bin = join(project, 'node_modules/dazzle-sfn/bin/dazzle-sfn.js');
    for (const argv of [['--help'], ['validate', 'dsl']]) {
      const { status, stderr, imported } = importsOf(bin, argv, project, project);
      expect(status, stderr).toBe(0);
      expect(imported).toContain('node_modules/dazzle-sfn/dist/cli/main.js');
      expect(imported.filter((f) => f.endsWith('.ts') || f.includes('node_modules/tsx/'))).toEqual([]);
      expect(imported.filter((f) => HEAVY.test(f))).toEqual([]);
    }
  });

  it('synthesizes a CDK app that imports dazzle-sfn/cdk, bundling the handlers from the installed package', () => {
    run('node', ['app.mjs'], project);
    const template = JSON.parse(readFileSync(join(project, 'cdk.out/UserApp.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::StepFunctions::StateMachine')).toHaveLength(2);
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(10);
    // Every function's code is an asset NodejsFunction bundled: handlers and the user's service.
    const assets = readdirSync(join(project, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    const bundled = assets.filter((d) => existsSync(join(project, 'cdk.out', d, 'index.mjs')));
    expect(bundled.length).toBeGreaterThanOrEqual(11);
  });

  it('types every export for a TypeScript user', () => {
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  });
});
