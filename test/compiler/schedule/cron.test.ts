import { describe, expect, it } from 'vitest';
import { compileCron, parseCron, toAwsSchedules } from '../../../compiler/schedule/cron.ts';

const at = { file: 'app.dsl', line: 12, column: 10 };

function aws(text: string): string[] {
  const { cron, diagnostics } = parseCron(text, at);
  expect(diagnostics).toEqual([]);
  return toAwsSchedules(cron!).expressions;
}

function errors(text: string) {
  const { cron, diagnostics } = parseCron(text, at);
  expect(cron).toBeUndefined();
  return diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column, length: d.length }));
}

describe('toAwsSchedules: one schedule', () => {
  it.each([
    // the corpus expressions
    ['0 9 * * MON', 'cron(0 9 ? * 2 *)'],
    ['0 9 * * *', 'cron(0 9 * * ? *)'],
    ['0 8 * * *', 'cron(0 8 * * ? *)'],
    ['0 3 * * *', 'cron(0 3 * * ? *)'],
    ['0 2 * * 0', 'cron(0 2 ? * 1 *)'],
    ['0 * * * *', 'cron(0 * * * ? *)'],
    ['*/15 * * * *', 'cron(0/15 * * * ? *)'],
    // ranges, lists, steps
    ['5,35 8-17 * * *', 'cron(5,35 8-17 * * ? *)'],
    ['0-30/10 1-7/3 * * *', 'cron(0,10,20,30 1,4,7 * * ? *)'],
    ['0 */6 * * *', 'cron(0 0/6 * * ? *)'],
    ['0 0 */2 * *', 'cron(0 0 1/2 * ? *)'],
    ['0 0 1 */3 *', 'cron(0 0 1 1/3 ? *)'],
    ['0 0 1,15 * *', 'cron(0 0 1,15 * ? *)'],
    ['0 0 * * *,5', 'cron(0 0 ? * * *)'],
    // names, case-insensitive
    ['0 0 1 JAN,jul *', 'cron(0 0 1 1,7 ? *)'],
    ['0 0 1 mar-May *', 'cron(0 0 1 3-5 ? *)'],
    ['0 9 * * MON-FRI', 'cron(0 9 ? * 2-6 *)'],
    ['0 9 * * sat,SUN', 'cron(0 9 ? * 1,7 *)'],
    // day-of-week numbering: 0 and 7 are Sunday, AWS 1 = Sunday
    ['0 9 * * 7', 'cron(0 9 ? * 1 *)'],
    ['0 9 * * 5-7', 'cron(0 9 ? * 1,6,7 *)'],
    ['0 9 * * 1-7', 'cron(0 9 ? * * *)'],
    ['0 9 * * */2', 'cron(0 9 ? * 1,3,5,7 *)'],
    ['0 9 * * 1-5/2', 'cron(0 9 ? * 2,4,6 *)'],
    ['0 9 * * 0,1,2,4', 'cron(0 9 ? * 1-3,5 *)'],
    // L, W, #
    ['0 0 L * *', 'cron(0 0 L * ? *)'],
    ['0 0 LW * *', 'cron(0 0 LW * ? *)'],
    ['0 0 15W * *', 'cron(0 0 15W * ? *)'],
    ['0 0 * * 5L', 'cron(0 0 ? * 6L *)'],
    ['0 0 * * FRIL', 'cron(0 0 ? * 6L *)'],
    ['0 0 * * 7L', 'cron(0 0 ? * 1L *)'],
    ['0 0 * * MON#2', 'cron(0 0 ? * 2#2 *)'],
    ['0 0 * * 0#5', 'cron(0 0 ? * 1#5 *)'],
    // ? is accepted as * in the day fields
    ['0 8 ? * MON', 'cron(0 8 ? * 2 *)'],
    ['0 8 1 * ?', 'cron(0 8 1 * ? *)'],
    // nicknames
    ['@daily', 'cron(0 0 * * ? *)'],
    ['@hourly', 'cron(0 * * * ? *)'],
    ['@weekly', 'cron(0 0 ? * 1 *)'],
    ['@monthly', 'cron(0 0 1 * ? *)'],
    ['@yearly', 'cron(0 0 1 1 ? *)'],
    ['  0   8  *  *  *  ', 'cron(0 8 * * ? *)'],
  ])('%s → %s', (unix, expected) => {
    expect(aws(unix)).toEqual([expected]);
  });
});

describe('toAwsSchedules: day-of-month and day-of-week both restricted', () => {
  it.each([
    ['0 9 1,15 * MON-FRI', ['cron(0 9 1,15 * ? *)', 'cron(0 9 ? * 2-6 *)']],
    ['30 4 1 * 5', ['cron(30 4 1 * ? *)', 'cron(30 4 ? * 6 *)']],
    ['0 0 L * 5L', ['cron(0 0 L * ? *)', 'cron(0 0 ? * 6L *)']],
    ['0 0 */2 * MON', ['cron(0 0 1/2 * ? *)', 'cron(0 0 ? * 2 *)']],
    ['0 0 1-31 * 1-7', ['cron(0 0 1-31 * ? *)', 'cron(0 0 ? * * *)']],
  ])('%s splits into two schedules', (unix, expected) => {
    const { cron } = parseCron(unix, at);
    expect(toAwsSchedules(cron!)).toEqual({ expressions: expected, split: true });
  });

  it('reports the split as a DZ512 warning', () => {
    const { schedules, diagnostics } = compileCron('0 9 1,15 * MON-FRI', at);
    expect(schedules?.split).toBe(true);
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['DZ512', 'warning', 12, 10],
    ]);
  });

  it('reports nothing when one day field is free', () => {
    expect(compileCron('0 9 * * MON-FRI', at)).toEqual({
      schedules: { expressions: ['cron(0 9 ? * 2-6 *)'], split: false },
      diagnostics: [],
    });
  });
});

describe('parseCron: parsed fields', () => {
  it('records each field with its elements and location', () => {
    const { cron } = parseCron('*/15 9-17 L JAN-MAR MON#2', at);
    expect(cron?.minute).toMatchObject({
      text: '*/15',
      elements: [{ kind: 'any', step: 15 }],
      unrestricted: false,
    });
    expect(cron?.hour.elements).toEqual([{ kind: 'range', from: 9, to: 17 }]);
    expect(cron?.dayOfMonth.elements).toEqual([{ kind: 'lastDayOfMonth' }]);
    expect(cron?.month.elements).toEqual([{ kind: 'range', from: 1, to: 3 }]);
    expect(cron?.dayOfWeek.elements).toEqual([{ kind: 'nthWeekday', weekday: 1, nth: 2 }]);
    expect(cron?.dayOfWeek.loc).toEqual({ file: 'app.dsl', line: 12, column: 30, length: 5 });
    expect(parseCron('0 0 * * *', at).cron?.dayOfMonth.unrestricted).toBe(true);
  });
});

describe('parseCron: errors at the bad field', () => {
  it.each([
    ['60 * * * *', 'DZ511', 10, 2],
    ['0 24 * * *', 'DZ511', 12, 2],
    ['0 0 0 * *', 'DZ511', 14, 1],
    ['0 0 32 * *', 'DZ511', 14, 2],
    ['0 0 * 13 *', 'DZ511', 16, 2],
    ['0 0 * * 8', 'DZ511', 18, 1],
    ['0 0 * FOO *', 'DZ511', 16, 3],
    ['0 0 * * MOM', 'DZ511', 18, 3],
    ['0 5-1 * * *', 'DZ511', 12, 3],
    ['*/0 * * * *', 'DZ511', 10, 3],
    ['*/61 * * * *', 'DZ511', 10, 4],
    ['5/15 * * * *', 'DZ511', 10, 4],
    ['1-5/2/3 * * * *', 'DZ511', 10, 7],
    ['1-2-3 * * * *', 'DZ511', 10, 5],
    ['0,,5 * * * *', 'DZ511', 12, 1],
    ['0 0 1,x * *', 'DZ511', 16, 1],
    ['a * * * *', 'DZ511', 10, 1],
    ['? * * * *', 'DZ511', 10, 1],
    ['0 0 * * MON#6', 'DZ511', 18, 5],
    ['0 0 * * MON#0', 'DZ511', 18, 5],
    ['0 0 5L * *', 'DZ511', 14, 2],
    ['0 0 * L *', 'DZ511', 16, 1],
    ['0 0 * * L', 'DZ511', 18, 1],
    ['0 0 * * 1W', 'DZ511', 18, 2],
    ['0 0 32W * *', 'DZ511', 14, 3],
    ['0 0 L,15 * *', 'DZ513', 14, 4],
    ['0 0 * * 1,5L', 'DZ513', 18, 4],
    ['0 0 * * MON#1,MON#3', 'DZ513', 18, 11],
    ['0 8 * *', 'DZ510', 10, 7],
    ['0 8 ? * MON *', 'DZ510', 10, 13],
    ['0 0 8 ? * MON *', 'DZ510', 10, 15],
    ['', 'DZ510', 10, 1],
    ['@reboot', 'DZ510', 10, 7],
  ])('%j → %s at column %i', (text, code, column, length) => {
    expect(errors(text)).toEqual([{ code, line: 12, column, length }]);
  });

  it('reports every bad field, not only the first', () => {
    expect(errors('60 24 * * *').map((e) => e.column)).toEqual([10, 13]);
  });

  it('never throws', () => {
    const pieces = ['*', '/', '-', ',', '1', '5', '60', 'L', 'W', '#', 'MON', 'JAN', '?', '@', 'x', ' '];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 3000; n++) {
      const fields = Array.from({ length: 5 }, () =>
        Array.from(
          { length: 1 + Math.floor(random() * 4) },
          () => pieces[Math.floor(random() * pieces.length)],
        ).join(''),
      );
      const result = compileCron(fields.join(' '), at);
      expect(result.schedules === undefined).toBe(result.diagnostics.some((d) => d.severity === 'error'));
    }
  });
});
