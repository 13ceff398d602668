/** What the dev server tests (and the dev server bench) share: a server on a DSL folder, a parking step. */
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer, type DevServerOptions } from '../../local/devserver/server.ts';

/**
 * A dev server on the DSL files under `dsl` (watched), on a free port, schedules off, every log line
 * pushed onto `lines`; `options` add to or replace these. Not started.
 */
export function devServerOn(
  dsl: string,
  lines: string[],
  options: Partial<DevServerOptions> = {},
): DevServer {
  return new DevServer({
    compile: () => compileForLocal(collectInputs([dsl], '/')),
    watch: [dsl],
    port: 0,
    schedules: false,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    ...options,
  });
}

/** A `decide` step (DSL, inside `steps:`) that parks its execution on a human task for `manager`. */
export const decideStep = (goto: string) => `    - step decide:
        human_task:
          title: "Decide"
          assignee_role: manager
          outcomes:
            - approve "Approve":
                goto: ${goto}
`;
