import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { nameToken } from '../../compiler/contracts/names.ts';
import { ServiceFunctions } from '../../infra/service-functions.ts';

/** An existing function for whatever service a process names (the synth is about the DSL, not the services). */
export class AnyServices extends ServiceFunctions {
  bind(scope: Construct, names: readonly string[]): Map<string, lambda.IFunction> {
    return new Map(
      names.map((name) => {
        const id = `Service_${nameToken(name)}`;
        return [name, lambda.Function.fromFunctionName(scope, id, `svc-${nameToken(name)}`)] as const;
      }),
    );
  }
}
