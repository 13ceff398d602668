import { loadCases, replayCase, summaryLine } from '../test/local/asl/aws-recorded/replay.ts';

/**
 * How many executions recorded on AWS the interpreter replays identically (cases, matched:
 * outcome and states entered, history identical: event types). Returns the matched percentage.
 */
export default async function awsRecorded(): Promise<{ cases: number; 'matched (%)': number }> {
  const results = [];
  for (const c of loadCases()) results.push(await replayCase(c));
  console.log(summaryLine(results));
  const matched = results.filter((r) => r.outcome && r.history).length;
  return { cases: results.length, 'matched (%)': Number(((100 * matched) / results.length).toFixed(1)) };
}
