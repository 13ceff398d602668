/** The EventBridge Scheduler REST API (restJson1) routes the handlers use, over a `SchedulerApi`. */
import { AwsProtocolError } from './errors.ts';

export interface ScheduleRequest {
  name: string;
  group: string;
  expression: string;
  timezone?: string;
  target: { arn: string; input?: string };
  deleteAfterCompletion: boolean;
}

export interface SchedulerApi {
  create(request: ScheduleRequest): { ScheduleArn: string };
  delete(name: string, group: string): void;
  get(name: string, group: string): Record<string, unknown>;
}

interface SchedulerRoute {
  method: string;
  path: RegExp;
  run(api: SchedulerApi, name: string, body: Record<string, unknown>, query: URLSearchParams): unknown;
}

export const SCHEDULER_ROUTES: readonly SchedulerRoute[] = [
  {
    method: 'POST',
    path: /^\/schedules\/([^/]+)$/,
    run: (api, name, body) => {
      const target = (body.Target ?? {}) as Record<string, unknown>;
      if (typeof body.ScheduleExpression !== 'string' || typeof target.Arn !== 'string')
        throw new AwsProtocolError('ValidationException', 'ScheduleExpression and Target.Arn are required');
      return api.create({
        name,
        group: typeof body.GroupName === 'string' ? body.GroupName : 'default',
        expression: body.ScheduleExpression,
        timezone:
          typeof body.ScheduleExpressionTimezone === 'string' ? body.ScheduleExpressionTimezone : undefined,
        target: { arn: target.Arn, input: typeof target.Input === 'string' ? target.Input : undefined },
        deleteAfterCompletion: body.ActionAfterCompletion === 'DELETE',
      });
    },
  },
  {
    method: 'DELETE',
    path: /^\/schedules\/([^/]+)$/,
    run: (api, name, _body, query) => {
      api.delete(name, query.get('groupName') ?? 'default');
      return {};
    },
  },
  {
    method: 'GET',
    path: /^\/schedules\/([^/]+)$/,
    run: (api, name, _body, query) => api.get(name, query.get('groupName') ?? 'default'),
  },
];
