import { describe, expect, it } from 'vitest';
import { callerOf, parseRoles } from '../../../lambdas/shared/auth.ts';
import { ConflictError, InvalidFieldError } from '../../../lambdas/shared/errors.ts';
import { errorResponse, jsonBody, MAX_BODY_BYTES } from '../../../lambdas/shared/http.ts';
import { RecordingLog } from '../helpers/fakes.ts';
import { request } from '../helpers/http.ts';

const auth = { rolesClaim: 'cognito:groups', devAuth: false };

describe('parseRoles', () => {
  it.each([
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
    ['[a b]', ['a', 'b']],
    ['[manager]', ['manager']],
    ['a,b', ['a', 'b']],
    ['', []],
    [undefined, []],
    [42, []],
  ])('%j → %j', (input, roles) => {
    expect(parseRoles(input)).toEqual(roles);
  });
});

describe('callerOf', () => {
  it('reads sub, username and the configured roles claim', () => {
    const event = request('GET', '/tasks', {
      claims: { sub: 'u-1', 'cognito:username': 'alice', 'cognito:groups': '[manager clerk]' },
    });
    expect(callerOf(event, auth)).toEqual({
      user: 'u-1',
      ids: ['u-1', 'alice'],
      roles: ['manager', 'clerk'],
    });
    expect(callerOf(event, { ...auth, rolesClaim: 'roles' }).roles).toEqual([]);
  });

  it('has no caller without claims', () => {
    expect(() => callerOf(request('GET', '/tasks'), auth)).toThrow(/no JWT claims/);
  });

  it('takes dev headers only in dev-auth mode', () => {
    const event = request('GET', '/tasks', {
      headers: { 'X-Dev-User': 'alice', 'X-Dev-Roles': 'manager,clerk' },
    });
    expect(callerOf(event, { ...auth, devAuth: true })).toEqual({
      user: 'alice',
      ids: ['alice'],
      roles: ['manager', 'clerk'],
    });
    expect(() => callerOf(event, auth)).toThrow(/no JWT claims/);
  });
});

describe('http', () => {
  it('rejects bodies over 256 KiB and bodies that are not JSON objects', () => {
    expect(() => jsonBody({ body: `"${'x'.repeat(MAX_BODY_BYTES)}"`, isBase64Encoded: false })).toThrow(
      /limit/,
    );
    expect(() => jsonBody({ body: '{nope', isBase64Encoded: false })).toThrow(/not valid JSON/);
    expect(() => jsonBody({ body: '[1]', isBase64Encoded: false })).toThrow(/JSON object/);
    expect(jsonBody({ body: Buffer.from('{"a":1}').toString('base64'), isBase64Encoded: true })).toEqual({
      a: 1,
    });
  });

  it('maps errors to status and {error: {code, message}}', () => {
    const log = new RecordingLog();
    const r1 = errorResponse(new InvalidFieldError('amount', 'must be a number'), log);
    expect(r1.statusCode).toBe(400);
    expect(JSON.parse(r1.body)).toEqual({
      error: { code: 'InvalidField', message: 'amount: must be a number', field: 'amount' },
    });
    expect(errorResponse(new ConflictError('x'), log).statusCode).toBe(409);
    const r3 = errorResponse(new Error('secret detail'), log);
    expect(r3.statusCode).toBe(500);
    expect(r3.body).not.toContain('secret detail');
  });
});
