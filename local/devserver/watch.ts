/**
 * Watches files and directories, calling back once per burst of changes (debounced).
 *
 * It follows files by name, not by inode: editors and `sed -i` save by writing a new file and
 * renaming it over the old one, after which a watch on the old file (or Node 20's recursive
 * directory watch on Linux, which watches each file) never fires again. So every watch here is on a
 * directory — the parent of a watched file, each folder of a watched tree (folders created later
 * included) — whose entries are matched by name.
 */
import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** Folders never worth watching in a tree. */
const SKIPPED = /^(\.|node_modules$)/;

export function watchPaths(
  paths: readonly string[],
  accept: (file: string) => boolean,
  onChange: (files: string[]) => void,
  debounceMs = 150,
): () => void {
  const watchers = new Map<string, FSWatcher>();
  /** Watched single files, by absolute path. */
  const files = new Set<string>();
  /** Roots of watched trees. */
  const roots: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const changed = new Set<string>();
  const fire = () => {
    timer = undefined;
    const list = [...changed];
    changed.clear();
    if (list.length > 0) onChange(list);
  };
  const rootOf = (path: string) => roots.find((r) => path === r || path.startsWith(`${r}/`));
  const isDirectory = (path: string) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };

  const saw = (dir: string, name: string) => {
    const path = join(dir, name);
    const root = rootOf(dir);
    if (root !== undefined && isDirectory(path)) {
      // A folder created (or moved in) under a watched tree: watch it too.
      if (!SKIPPED.test(name)) watchTree(path);
      return;
    }
    if (root === undefined && !files.has(path)) return;
    const shown = root === undefined ? basename(path) : relative(root, path);
    if (!accept(shown)) return;
    changed.add(shown);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };

  const watchDir = (dir: string) => {
    if (stopped || watchers.has(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_event, name) => {
        if (name) saw(dir, String(name));
      });
    } catch {
      return; // gone meanwhile, or not readable: nothing to watch
    }
    w.on('error', () => {
      // The folder was removed: stop watching it (a folder created again is seen by its parent).
      w.close();
      watchers.delete(dir);
    });
    watchers.set(dir, w);
  };

  const watchTree = (dir: string) => {
    watchDir(dir);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (!SKIPPED.test(name) && isDirectory(path)) watchTree(path);
    }
  };

  for (const p of paths) {
    const path = resolve(p);
    if (isDirectory(path)) {
      roots.push(path);
      watchTree(path);
    } else {
      files.add(path);
      watchDir(dirname(path));
    }
  }
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}
