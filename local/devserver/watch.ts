/** Watches files and directories, calling back once per burst of changes (debounced). */
import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';

export function watchPaths(
  paths: readonly string[],
  accept: (file: string) => boolean,
  onChange: (files: string[]) => void,
  debounceMs = 150,
): () => void {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const fire = () => {
    timer = undefined;
    const files = [...changed];
    changed.clear();
    onChange(files);
  };
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const recursive = statSync(path).isDirectory();
    const w = watch(path, { recursive }, (_event, file) => {
      const name = file ? String(file) : path;
      if (!accept(name)) return;
      changed.add(name);
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, debounceMs);
    });
    w.on('error', () => {});
    watchers.push(w);
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
