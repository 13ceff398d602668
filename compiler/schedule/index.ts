export {
  type AwsSchedules,
  type CronElement,
  type CronExpr,
  type CronField,
  type CronFieldName,
  compileCron,
  parseCron,
  toAwsSchedules,
} from './cron.ts';
export { rateExpression } from './rate.ts';
export { checkTimezone, isValidTimezone, suggestTimezones, timezoneNames } from './timezone.ts';
