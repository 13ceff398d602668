import { resolve } from 'node:path';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer, DevServerError } from '../../local/devserver/server.ts';
import { DEFAULT_KEEP_FINISHED } from '../../local/runtime.ts';
import { type RegisterCommand, UsageError } from '../context.ts';
import { collect, PARAM_OPTION, paramsFromOptions, STAGE_OPTION, servicesDirOption } from './run.ts';

/**
 * `dev <paths…> [--services DIR] [--port N] [--param KEY=VALUE…] [--stage NAME]`: the local server
 * of DESIGN.md §7 — the HTTP API on 127.0.0.1, executions on the embedded runtime, reload on DSL
 * changes. Runs until SIGINT/SIGTERM. Params and access rules: cdk.json's stage (dev), then `--param`s.
 */
export const registerDev: RegisterCommand = (program, ctx) => {
  program
    .command('dev')
    .description('serve the HTTP API locally, running the compiled processes on the embedded runtime')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .option('--services <dir>', 'directory of service implementations (<service>.ts exporting handler)')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '3000')
    .option('--no-schedules', 'do not run cron/interval schedules')
    .option(
      '--llm <model>',
      'local (a deterministic stand-in) | bedrock (DAZZLE_INTENTS, your AWS keys)',
      'local',
    )
    .option(
      '--keep-finished <n>',
      'finished executions kept in memory for GET /executions and the console, oldest dropped first',
      String(DEFAULT_KEEP_FINISHED),
    )
    .option(
      '--state-dir <dir>',
      'keep executions, tasks, signal waits, locks and entities in DIR across restarts (default: in memory)',
    )
    .option(...PARAM_OPTION, collect, [])
    .option(...STAGE_OPTION)
    .action(
      async (
        paths: string[],
        options: {
          services?: string;
          port: string;
          schedules: boolean;
          llm: string;
          param: string[];
          stage?: string;
          keepFinished: string;
          stateDir?: string;
        },
      ) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port must be a port number, not '${options.port}'`);
        const keepFinished = Number(options.keepFinished);
        if (!Number.isInteger(keepFinished) || keepFinished < 0)
          throw new UsageError(`--keep-finished must be a whole number ≥ 0, not '${options.keepFinished}'`);
        if (options.llm !== 'local' && options.llm !== 'bedrock')
          throw new UsageError(`--llm must be local or bedrock, not '${options.llm}'`);
        collectInputs(paths, ctx.cwd); // fail fast on bad paths (usage error)
        const servicesDir = servicesDirOption(ctx, options.services);
        const params = paramsFromOptions(ctx, 'dev', options);
        if (!params) return;
        const server = new DevServer({
          compile: () => compileForLocal(collectInputs(paths, ctx.cwd)),
          watch: paths.map((p) => resolve(ctx.cwd, p)),
          servicesDir,
          port,
          schedules: options.schedules,
          llm: options.llm,
          params: params.values,
          paramsSummary: params.summary,
          access: params.access,
          stage: params.stage,
          keepFinished,
          stateDir: options.stateDir === undefined ? undefined : resolve(ctx.cwd, options.stateDir),
          out: ctx.out,
          err: ctx.err,
        });
        try {
          await server.start();
        } catch (error) {
          if (error instanceof DevServerError) {
            ctx.err(`dazzle-sfn dev: ${error.message}`);
            ctx.exitCode = 1;
            return;
          }
          throw error;
        }
        await new Promise<void>((done) => {
          const stop = (signal: string) => {
            ctx.out(`${signal}: shutting down`);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            server.close().then(done, (error: unknown) => {
              ctx.err(`shutdown: ${String(error)}`);
              done();
            });
          };
          const onInt = () => stop('SIGINT');
          const onTerm = () => stop('SIGTERM');
          process.on('SIGINT', onInt);
          process.on('SIGTERM', onTerm);
        });
      },
    );
};
