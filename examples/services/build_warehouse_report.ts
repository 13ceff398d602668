/** Builds the daily warehouse report. */
import { reference, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  report_id: reference('rpt', event.execution.name),
  url: `s3://reports/warehouse/${event.execution.name}.pdf`,
});
