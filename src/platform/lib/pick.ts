/** The fields `keys` of `row`, in that order: for a set of columns that is stored and shown alike. */
export function pick<T, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}
