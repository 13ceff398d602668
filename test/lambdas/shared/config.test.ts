import { describe, expect, it } from 'vitest';
import {
  loadIntents,
  loadJsonConfig,
  loadProcesses,
  processesConfigSchema,
} from '../../../lambdas/shared/config.ts';

describe('JSON config', () => {
  it('reads the env var, applying defaults', () => {
    const env = {
      DAZZLE_PROCESSES: JSON.stringify({
        p: { stateMachineArn: 'arn:sm', inputs: [{ name: 'a', type: 'int' }] },
      }),
    };
    expect(loadProcesses(env)).toEqual({
      p: { stateMachineArn: 'arn:sm', inputs: [{ name: 'a', type: 'int', required: false }] },
    });
    expect(loadIntents({ DAZZLE_INTENTS: '{"i":{"model_id":"m","prompt":"p"}}' })).toEqual({
      i: { model_id: 'm', prompt: 'p', output: 'text', max_tokens: 1024 },
    });
  });

  it('reads the _FILE variant, and is empty when neither is set', () => {
    const read = (path: string) =>
      path === '/var/task/processes.json' ? '{"p":{"stateMachineArn":"arn"}}' : '';
    expect(
      loadJsonConfig(
        { DAZZLE_PROCESSES_FILE: '/var/task/processes.json' },
        'DAZZLE_PROCESSES',
        'DAZZLE_PROCESSES_FILE',
        processesConfigSchema,
        read,
      ),
    ).toEqual({
      p: { stateMachineArn: 'arn', inputs: [] },
    });
    expect(loadProcesses({})).toEqual({});
  });

  it('says which variable is broken', () => {
    expect(() => loadProcesses({ DAZZLE_PROCESSES: '{' })).toThrow(/DAZZLE_PROCESSES is not valid JSON/);
    expect(() => loadProcesses({ DAZZLE_PROCESSES: '{"p":{}}' })).toThrow(
      /DAZZLE_PROCESSES: .*stateMachineArn/,
    );
  });
});
