import { PLACEHOLDER } from '../../contracts/runtime.ts';

/** An IAM statement one state needs; resources are placeholders infra resolves. */
export interface IamStatement {
  readonly state: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/**
 * Collects the IAM needs of each state as it is emitted (CDK's habit: the graph reports its
 * grants). Order is emission order, which is deterministic.
 */
export class IamCollector {
  private readonly statements: IamStatement[] = [];

  add(state: string, actions: readonly string[], resources: readonly string[]): void {
    this.statements.push({ state, actions: [...actions], resources: [...resources] });
  }

  invokeLambda(state: string, functionPlaceholder: string): void {
    this.add(state, ['lambda:InvokeFunction'], [functionPlaceholder, `${functionPlaceholder}:*`]);
  }

  putEvents(state: string): void {
    this.add(state, ['events:PutEvents'], [PLACEHOLDER.eventBusArn]);
  }

  stateTable(state: string, actions: readonly string[]): void {
    this.add(state, actions, [PLACEHOLDER.stateTableArn]);
  }

  list(): IamStatement[] {
    return [...this.statements];
  }
}
