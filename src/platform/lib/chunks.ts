/**
 * D1 allows at most 100 bound parameters per statement: split long id lists (for `IN (...)`)
 * into parts that leave room for the statement's other parameters.
 */
export function chunks<T>(items: readonly T[], size = 90): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
