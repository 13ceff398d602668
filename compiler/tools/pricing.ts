/**
 * The one price table `dazzle-sfn cost` uses: on-demand list prices, US East (N. Virginia), USD,
 * before free tiers (Step Functions: 4,000 Standard transitions a month; Lambda: 1M requests and
 * 400,000 GB-seconds a month) and before volume tiers.
 *
 * Sources (found with the project's search tool). AWS's pages give the billing rules in their text
 * but render the rate tables client-side, so the rates come from the secondary sources named, which
 * agree with each other:
 * - AWS Step Functions pricing, https://aws.amazon.com/step-functions/pricing/ — Standard is
 *   charged per state transition: "Step Functions counts a state transition each time a step of
 *   your workflow is executed … including retries" and "each retry will be charged as an additional
 *   state transition"; Express per request and per duration, "rounded up to the nearest 100ms", with
 *   memory "billed in 64-MB chunks". Rates: Standard $0.025 per 1,000 transitions ($25 per
 *   million); Express $1.00 per million requests and $0.00001667 per GB-second (first 1,000 hours a
 *   month), as listed in https://www.wring.co/blog/aws-step-functions-pricing-guide.
 * - AWS Lambda pricing, https://aws.amazon.com/lambda/pricing/ — $0.20 per million requests
 *   (quoted in https://raw.githubusercontent.com/api-evangelist/aws-lambda/refs/heads/main/plans/aws-lambda-plans-pricing.yml),
 *   $0.0000166667 per GB-second on x86 in us-east-1 (https://app.unpkg.com/artillery@2.0.28/files/lib/platform/aws-lambda/prices.js).
 * Checked 2026-11; update the numbers here (and only here) when AWS changes them.
 */
export const PRICES = {
  region: 'us-east-1',
  currency: 'USD',
  stepFunctions: {
    standardPerTransition: 0.025 / 1000,
    expressPerRequest: 1.0 / 1_000_000,
    expressPerGbSecond: 0.00001667,
    /** Express duration is rounded up to this many milliseconds. */
    expressDurationRoundingMs: 100,
    /** Express memory is billed in chunks of this many MB. */
    expressMemoryChunkMb: 64,
  },
  lambda: {
    perRequest: 0.2 / 1_000_000,
    perGbSecond: 0.0000166667,
  },
  sources: ['https://aws.amazon.com/step-functions/pricing/', 'https://aws.amazon.com/lambda/pricing/'],
} as const;

/** What the estimate cannot know from the definition; each can be overridden on the command line. */
export interface CostAssumptions {
  /** Average duration of one Lambda invocation. @default 100 */
  lambdaDurationMs: number;
  /** Memory of each Lambda function. @default 128 */
  lambdaMemoryMb: number;
  /** Memory an Express execution is billed for (one 64-MB chunk for small definitions and payloads). @default 64 */
  expressMemoryMb: number;
  /** Iterations per foreach (Map) state. @default 1 */
  mapItems: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  lambdaDurationMs: 100,
  lambdaMemoryMb: 128,
  expressMemoryMb: 64,
  mapItems: 1,
};
