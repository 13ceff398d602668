/**
 * Where a channel's messages go besides the app bus. `send` steps always put an event on the app
 * bus (detail-type = message, detail.channel = channel); a binding adds a rule that forwards the
 * channel's events to an SNS topic, an SQS queue or another bus.
 */
import type * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

export interface ChannelTargetOptions {
  readonly deadLetterQueue: sqs.IQueue;
}

export abstract class ChannelBinding {
  /** Publish each message's event (`detail`) to an SNS topic. */
  static topic(topic: sns.ITopic): ChannelBinding {
    return new TargetBinding(
      (o) => new targets.SnsTopic(topic, { deadLetterQueue: o.deadLetterQueue, retryAttempts: 20 }),
    );
  }

  /** Send each message's event to an SQS queue. */
  static queue(queue: sqs.IQueue): ChannelBinding {
    return new TargetBinding(
      (o) => new targets.SqsQueue(queue, { deadLetterQueue: o.deadLetterQueue, retryAttempts: 20 }),
    );
  }

  /** Forward each message's event to another event bus (e.g. another account's). */
  static bus(bus: events.IEventBus): ChannelBinding {
    return new TargetBinding((o) => new targets.EventBus(bus, { deadLetterQueue: o.deadLetterQueue }));
  }

  abstract target(options: ChannelTargetOptions): events.IRuleTarget;
}

class TargetBinding extends ChannelBinding {
  constructor(private readonly make: (o: ChannelTargetOptions) => events.IRuleTarget) {
    super();
  }

  target(options: ChannelTargetOptions): events.IRuleTarget {
    return this.make(options);
  }
}
