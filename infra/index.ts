/**
 * `dazzle-sfn/cdk`: the CDK construct for your own app. `DazzleProcesses` turns compiled Dazzle
 * processes into a running system (state machines, handler Lambdas, tables, rules, schedules, the
 * HTTP API); `ProcessSource` says where the processes come from, `ServiceFunctions` where the
 * `service:` steps run. `aws-cdk-lib` and `constructs` are peer dependencies: your app's copies.
 */
export { ChannelBinding, type ChannelTargetOptions } from './channel-binding.ts';
export { DazzleApi, type DazzleApiProps } from './dazzle-api.ts';
export { DazzleHandlers, type IntentDefinition } from './dazzle-handlers.ts';
export { DazzleProcesses, type DazzleProcessesProps } from './dazzle-processes.ts';
export { Names } from './names.ts';
export { prebundle } from './prebundle.ts';
export { ProcessMachine } from './process-machine.ts';
export { type CompiledProcesses, ProcessSource, type ProcessSourceBindOptions } from './process-source.ts';
export { ServiceFunctions, type ServiceFunctionsBindOptions } from './service-functions.ts';
export { DazzleStack, type DazzleStackProps } from './stack.ts';
export { TriggerRouter } from './trigger-router.ts';
