// What an .xlsx holds, for tests that look past the values read-excel-file gives: the files of the
// zip (read from its central directory, inflated with the runtime's DecompressionStream), and for a
// sheet's cell whether it is a formula, its type and its number format.

/** The text of every file in a zip, by path. */
export async function unzip(zip: ArrayBuffer): Promise<Map<string, string>> {
  const bytes = new Uint8Array(zip);
  const view = new DataView(zip);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.slice(start, start + size);
    const data =
      method === 0
        ? raw
        : new Uint8Array(
            await new Response(
              new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw")),
            ).arrayBuffer(),
          );
    files.set(name, new TextDecoder().decode(data));
    at += 46 + skip;
  }
  return files;
}

export interface XlsxCell {
  /** The cell's `t` attribute ("s" for a shared string; absent for a number). */
  type: string | null;
  /** Whether the cell holds a formula (an `<f>` element). */
  formula: boolean;
  /** The cell's number format: "@" is Text, which keeps an edited cell text. */
  format: string | null;
}

const BUILT_IN_FORMATS: Record<string, string> = { "0": "General", "49": "@" };

/** The cell at `ref` (e.g. "B2") of the first sheet of an .xlsx. */
export async function xlsxCell(xlsx: ArrayBuffer, ref: string): Promise<XlsxCell | null> {
  const files = await unzip(xlsx);
  const sheet = files.get("xl/worksheets/sheet1.xml") ?? "";
  const styles = files.get("xl/styles.xml") ?? "";
  const cell = sheet.match(new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>(.*?)</c>)`));
  if (!cell) return null;
  const attrs = cell[1] ?? "";
  const style = Number(attrs.match(/ s="(\d+)"/)?.[1] ?? 0);
  const xfs = styles.match(/<cellXfs[^>]*>(.*?)<\/cellXfs>/)?.[1]?.match(/<xf [^>]*>/g) ?? [];
  const formatId = xfs[style]?.match(/numFmtId="(\d+)"/)?.[1] ?? "0";
  const custom = styles.match(new RegExp(`<numFmt numFmtId="${formatId}" formatCode="([^"]*)"`))?.[1];
  return {
    type: attrs.match(/ t="(\w+)"/)?.[1] ?? null,
    formula: /<f[ >]/.test(cell[2] ?? ""),
    format: custom ?? BUILT_IN_FORMATS[formatId] ?? null,
  };
}
