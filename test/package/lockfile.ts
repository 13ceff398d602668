/**
 * A package-lock.json for a fresh project that depends on the packed tarball, cut from the
 * repository's own lock file: the tarball, its dependencies and its peers at the versions `npm ci`
 * put in npm's cache. With it `npm ci --offline` installs the project without asking the registry
 * anything (a lock-less `npm install` needs each package's registry metadata, which `npm ci` never
 * caches).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  license?: string;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface UserProject {
  packageJson: object;
  packageLock: object;
}

/**
 * The package.json and package-lock.json of a project named `name`, in a directory beside
 * `tarball`, depending on the tarball and on its peers at the versions the repository uses.
 */
export function userProject(root: string, tarball: string, name: string): UserProject {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const entries = (
    JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    }
  ).packages;

  // Node's lookup: <from>/node_modules/<name>, then each enclosing node_modules up to the top.
  const locate = (from: string, dep: string): string | undefined => {
    let base = from;
    for (;;) {
      const path = `${base ? `${base}/` : ''}node_modules/${dep}`;
      if (entries[path]) return path;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  const kept = new Map<string, LockEntry>();
  const keep = (from: string, dep: string, optional: boolean): void => {
    const path = locate(from, dep);
    if (!path) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${dep} for ${from || 'the project'}`);
    }
    if (kept.has(path)) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = entries[path];
    kept.set(path, entry);
    for (const d of Object.keys(entry.dependencies ?? {})) keep(path, d, false);
    for (const d of Object.keys(entry.optionalDependencies ?? {})) keep(path, d, true);
    for (const d of Object.keys(entry.peerDependencies ?? {})) {
      keep(path, d, entry.peerDependenciesMeta?.[d]?.optional === true);
    }
  };
  const peers = Object.keys(manifest.peerDependencies ?? {});
  for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...peers]) keep('', dep, false);

  const spec = `file:../${basename(tarball)}`;
  const dependencies: Record<string, string> = { [manifest.name]: spec };
  for (const peer of peers) dependencies[peer] = entries[`node_modules/${peer}`].version as string;
  kept.set(`node_modules/${manifest.name}`, {
    version: manifest.version,
    resolved: spec,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license: manifest.license,
    bin: manifest.bin,
    engines: manifest.engines,
    dependencies: manifest.dependencies,
    peerDependencies: manifest.peerDependencies,
  });

  const packageJson = { name, private: true, type: 'module', dependencies };
  const packages = Object.fromEntries([...kept].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    packageJson,
    packageLock: {
      name,
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name, dependencies }, ...packages },
    },
  };
}
