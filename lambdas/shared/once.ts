/** A value built on first use and kept for the life of the Lambda environment (cold start). */
export function once<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: build() };
    return value.v;
  };
}
