/**
 * The `cursor` of `GET /tasks`: an opaque token saying where the caller's last page ended. It holds
 * a position in the open-task indexes (`<created_at>#<task id>` of the last task seen) and a hash
 * of the caller it was issued to. It cannot widen what a caller sees: every page is read from the
 * caller's own partitions (their roles and ids) and filtered by `mayAct`, so an edited cursor can
 * only move the start within the caller's own tasks; one issued to another caller, or not issued by
 * us at all, is refused with 400.
 */
import { InvalidFieldError } from '../shared/errors.ts';
import { sha256Hex } from '../shared/hash.ts';
import { MAX_ID_BYTES } from '../shared/http.ts';

const VERSION = 1;
/** A position is `<ISO time>#<task id>`; the id part fits the id limit. */
const MAX_POSITION_BYTES = 32 + MAX_ID_BYTES;

const callerTag = (user: string) => sha256Hex(`tasks-cursor\n${user}`).slice(0, 32);

export function encodeCursor(user: string, after: string): string {
  return Buffer.from(JSON.stringify({ v: VERSION, u: callerTag(user), a: after })).toString('base64url');
}

/** The position a cursor of `user` stands for; 400 (`InvalidField` `cursor`) for anything else. */
export function decodeCursor(user: string, cursor: string): string {
  const invalid = () =>
    new InvalidFieldError('cursor', 'not a cursor this API returned to you; start without one');
  if (cursor.length > 4 * MAX_POSITION_BYTES || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { v, u, a } = (value ?? {}) as { v?: unknown; u?: unknown; a?: unknown };
  if (v !== VERSION || u !== callerTag(user) || typeof a !== 'string') throw invalid();
  if (a === '' || Buffer.byteLength(a) > MAX_POSITION_BYTES) throw invalid();
  return a;
}
