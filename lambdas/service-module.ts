/**
 * Where the module of a user service lives — one rule for infra (bundling each service's Lambda)
 * and the local runtime (loading it): `service: Fulfillment.ship` (Dazzle's dotted form, LANGUAGE.md
 * "Names and overlap") is `<dir>/Fulfillment.ship.<ext>` or `<dir>/Fulfillment/ship.<ext>`; a plain
 * `service: charge` is `<dir>/charge.<ext>`. Extensions in order `.ts .mts .js .mjs` (the first that
 * exists wins, as before). Both forms of one dotted service existing is an error, never a guess.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SERVICE_MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

/** A dotted service with a module in both forms. */
export class AmbiguousServiceModule extends Error {
  override readonly name = 'AmbiguousServiceModule';
  constructor(
    readonly service: string,
    readonly files: readonly string[],
  ) {
    super(
      `service '${service}' has two modules, ${files.join(' and ')}; keep one (either form works, not both)`,
    );
  }
}

/** Dotted segments of a name that can be a path (`Fulfillment.ship`); undefined for anything else. */
const SEGMENTS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The module paths `service` may have in `dir`, per form (flat first), without extensions. */
export function serviceModuleStems(dir: string, service: string): string[] {
  if (!SEGMENTS.test(service)) return [];
  const flat = join(dir, service);
  const parts = service.split('.');
  return parts.length > 1 ? [flat, join(dir, ...parts)] : [flat];
}

/**
 * The module file of `service` in `dir` (absolute), or undefined when there is none. Throws
 * `AmbiguousServiceModule` when both the flat and the nested form exist.
 */
export function resolveServiceModule(dir: string, service: string): string | undefined {
  const found = serviceModuleStems(resolve(dir), service).flatMap((stem) => {
    const file = SERVICE_MODULE_EXTENSIONS.map((ext) => `${stem}${ext}`).find(isFile);
    return file ? [file] : [];
  });
  if (found.length > 1) throw new AmbiguousServiceModule(service, found);
  return found[0];
}

/** `<dir>/Fulfillment.ship.ts (or <dir>/Fulfillment/ship.ts)`: where to put a missing module. */
export function expectedServiceModule(dir: string, service: string): string {
  const [flat, nested] = serviceModuleStems(dir, service);
  if (!flat) return `${join(dir, service)}.ts`;
  return nested ? `${flat}.ts (or ${nested}.ts)` : `${flat}.ts`;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
