/**
 * The user's service implementations (`service: name` steps): existing functions, or a directory of
 * modules exporting `handler` (the same modules the local runtime runs; `Fulfillment.ship` is
 * `Fulfillment.ship.ts` or `Fulfillment/ship.ts`, lambdas/service-module.ts), each deployed as its
 * own Lambda.
 */
import { join, resolve } from 'node:path';
import type { RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { nameToken } from '../compiler/contracts/names.ts';
import { expectedServiceModule, resolveServiceModule } from '../lambdas/service-module.ts';
import { DazzleFunction } from './dazzle-function.ts';
import { serviceFunctionId } from './names.ts';

export interface ServiceFunctionsBindOptions {
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Environment every service function gets (bus name, event source, entity table). */
  readonly environment: Readonly<Record<string, string>>;
  /** Physical function name of service `name`. */
  readonly functionName: (service: string) => string;
  /** Pre-bundled code (infra/prebundle.ts): `<dir>/svc-<token>/index.mjs`. @default bundle at synth */
  readonly bundleDir?: string;
}

export abstract class ServiceFunctions {
  /** Existing functions by service name. */
  static fromFunctions(functions: Readonly<Record<string, lambda.IFunction>>): ServiceFunctions {
    return new ExistingServiceFunctions(functions);
  }

  /**
   * `<dir>/<service>.{ts,mts,js,mjs}` modules exporting `handler` (a dotted service also
   * `<dir>/<A>/<b>.ts`), bundled with NodejsFunction.
   */
  static fromDirectory(dir: string): ServiceFunctions {
    return new DirectoryServiceFunctions(resolve(dir));
  }

  /** No services (an app whose processes call none); a referenced service is an error. */
  static none(): ServiceFunctions {
    return new ExistingServiceFunctions({});
  }

  /** The function of each service in `names`; throws naming the first missing one. */
  abstract bind(
    scope: Construct,
    names: readonly string[],
    options: ServiceFunctionsBindOptions,
  ): Map<string, lambda.IFunction>;
}

class ExistingServiceFunctions extends ServiceFunctions {
  constructor(private readonly functions: Readonly<Record<string, lambda.IFunction>>) {
    super();
  }

  bind(_scope: Construct, names: readonly string[]): Map<string, lambda.IFunction> {
    const out = new Map<string, lambda.IFunction>();
    for (const name of names) {
      const fn = Object.hasOwn(this.functions, name) ? this.functions[name] : undefined;
      if (!fn) {
        const known = Object.keys(this.functions).sort().join(', ') || 'none';
        throw new Error(
          `service '${name}' is used by a process but has no function (given: ${known}); add it to 'services'`,
        );
      }
      out.set(name, fn);
    }
    return out;
  }
}

class DirectoryServiceFunctions extends ServiceFunctions {
  constructor(private readonly dir: string) {
    super();
  }

  bind(
    scope: Construct,
    names: readonly string[],
    options: ServiceFunctionsBindOptions,
  ): Map<string, lambda.IFunction> {
    const out = new Map<string, lambda.IFunction>();
    for (const name of names) {
      const entry = resolveServiceModule(this.dir, name);
      if (!entry) {
        throw new Error(
          `service '${name}' is used by a process but ${expectedServiceModule(this.dir, name)} does not exist; ` +
            `add the module (exporting handler) or pass the function in 'services'`,
        );
      }
      // The token keeps `Fulfillment.ship` and `Fulfillment_ship` apart in construct ids (and so
      // in logical ids, which drop everything but letters and digits before their path hash).
      const fn = new DazzleFunction(scope, `Service_${nameToken(name)}`, {
        entry,
        serviceName: name,
        functionName: options.functionName(name),
        ...(options.bundleDir ? { bundledDir: join(options.bundleDir, serviceFunctionId(name)) } : {}),
        environment: options.environment,
        logRetention: options.logRetention,
        removalPolicy: options.removalPolicy,
      });
      out.set(name, fn.function);
    }
    return out;
  }
}
