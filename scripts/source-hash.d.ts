/** The directories tsconfig.build.json compiles into dist/. */
export const SOURCES: readonly string[];
/** The file in dist/ where the build records the hash of what it built from. */
export const STAMP: string;
/** A hash of the names and contents of every file the build reads, under `root` (a checkout). */
export function sourceHash(root: string): string;
/** Whether `<root>/dist` was built from the files under `root` as they are now. */
export function distIsCurrent(root: string): boolean;
