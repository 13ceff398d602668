/**
 * The Task resources the interpreter implements, parsed from their ARN. Anything else is rejected
 * when the state machine is registered.
 */

export type TaskResource =
  | { service: 'lambda'; action: 'invoke'; pattern: 'request' | 'waitForTaskToken' }
  /**
   * The function's ARN as the Resource (the original Lambda integration, still accepted by AWS):
   * the state's Arguments are the event, the function's result is the state's result.
   */
  | { service: 'lambda'; action: 'function'; pattern: 'request'; functionArn: string }
  | { service: 'events'; action: 'putEvents'; pattern: 'request' }
  | { service: 'states'; action: 'startExecution'; pattern: 'request' | 'sync' | 'sync:2' }
  | {
      service: 'sfn-sdk';
      action: 'startExecution' | 'stopExecution' | 'describeExecution';
      pattern: 'request';
    }
  | {
      service: 'dynamodb';
      action: 'putItem' | 'getItem' | 'updateItem' | 'deleteItem';
      pattern: 'request';
    };

export const SUPPORTED_RESOURCES = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:lambda:<region>:<account>:function:<name>',
  'arn:aws:states:::events:putEvents',
  'arn:aws:states:::states:startExecution',
  'arn:aws:states:::states:startExecution.sync',
  'arn:aws:states:::states:startExecution.sync:2',
  'arn:aws:states:::aws-sdk:sfn:startExecution',
  'arn:aws:states:::aws-sdk:sfn:stopExecution',
  'arn:aws:states:::aws-sdk:sfn:describeExecution',
  'arn:aws:states:::dynamodb:putItem',
  'arn:aws:states:::dynamodb:getItem',
  'arn:aws:states:::dynamodb:updateItem',
  'arn:aws:states:::dynamodb:deleteItem',
] as const;

const LAMBDA_FUNCTION_ARN =
  /^arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?$/;

const DYNAMODB_ACTIONS = ['putItem', 'getItem', 'updateItem', 'deleteItem'] as const;

/** The resource, or undefined when the interpreter does not implement it. */
export function parseResource(arn: string): TaskResource | undefined {
  if (LAMBDA_FUNCTION_ARN.test(arn))
    return { service: 'lambda', action: 'function', pattern: 'request', functionArn: arn };
  const m = /^arn:aws(?:-[a-z]+)*:states:::(.+)$/.exec(arn);
  if (!m) return undefined;
  const [api, pattern = ''] = splitPattern(m[1]);
  switch (api) {
    case 'lambda:invoke':
      if (pattern === '') return { service: 'lambda', action: 'invoke', pattern: 'request' };
      if (pattern === 'waitForTaskToken')
        return { service: 'lambda', action: 'invoke', pattern: 'waitForTaskToken' };
      return undefined;
    case 'events:putEvents':
      return pattern === '' ? { service: 'events', action: 'putEvents', pattern: 'request' } : undefined;
    case 'states:startExecution':
      if (pattern === '') return { service: 'states', action: 'startExecution', pattern: 'request' };
      if (pattern === 'sync' || pattern === 'sync:2')
        return { service: 'states', action: 'startExecution', pattern };
      return undefined;
    case 'aws-sdk:sfn:startExecution':
    case 'aws-sdk:sfn:stopExecution':
    case 'aws-sdk:sfn:describeExecution': {
      const action = api.slice('aws-sdk:sfn:'.length) as
        | 'startExecution'
        | 'stopExecution'
        | 'describeExecution';
      return pattern === '' ? { service: 'sfn-sdk', action, pattern: 'request' } : undefined;
    }
    default: {
      const dynamo = /^dynamodb:(\w+)$/.exec(api);
      const action = DYNAMODB_ACTIONS.find((a) => a === dynamo?.[1]);
      return action && pattern === '' ? { service: 'dynamodb', action, pattern: 'request' } : undefined;
    }
  }
}

function splitPattern(rest: string): [string, string?] {
  const dot = rest.indexOf('.');
  return dot < 0 ? [rest] : [rest.slice(0, dot), rest.slice(dot + 1)];
}

const historyResources = new WeakMap<TaskResource, HistoryResource>();

export type HistoryResource = { readonly resourceType: string; readonly resource: string };

/**
 * `resourceType` / `resource` of the history events, as AWS reports them: one object per parsed
 * resource (a Task state's), shared by its events, which only read it.
 */
export function historyResource(r: TaskResource): HistoryResource {
  let out = historyResources.get(r);
  if (!out) {
    const suffix = r.pattern === 'request' ? '' : `.${r.pattern}`;
    out =
      r.service === 'sfn-sdk'
        ? { resourceType: 'aws-sdk:sfn', resource: r.action }
        : { resourceType: r.service, resource: `${r.action}${suffix}` };
    historyResources.set(r, out);
  }
  return out;
}
