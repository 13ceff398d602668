/**
 * The manifest format's version (`version` in manifest.json, pinned by schema.ts): apart from the
 * zod schema, so that the compiler emits it without importing zod.
 */
export const MANIFEST_VERSION = 2;
