// A table as the files people download: CSV (UTF-8 with a BOM and CRLF, which Excel on Chinese
// Windows opens correctly; papaparse quotes what needs quoting) or .xlsx (write-excel-file's
// universal build runs in Workers). Every export and public download goes through here.
import Papa from "papaparse";
import writeXlsxFile from "write-excel-file/universal";

/** A cell: text, a number, or empty. */
export type Cell = string | number | null;

/** A header row and the rows under it. */
export interface Table {
  header: string[];
  rows: Cell[][];
}

/** A table written both ways: CSV text, or an .xlsx workbook. */
export interface TableFiles {
  csv: () => string;
  xlsx: () => Promise<Blob>;
}

export function toCsv(table: Table): string {
  return `\uFEFF${Papa.unparse([table.header, ...table.rows.map((r) => r.map((c) => (c === null ? "" : c)))], { newline: "\r\n" })}\r\n`;
}

async function toXlsx(table: Table, sheet: string): Promise<Blob> {
  const data = [
    table.header.map((value) => ({ value, fontWeight: "bold" as const })),
    ...table.rows.map((r) => r.map((value) => (value === null ? null : { value }))),
  ];
  return writeXlsxFile(data, { sheet: sheet.slice(0, 31), stickyRowsCount: 1 }).toBlob();
}

/** `table` as either file, the workbook's sheet named `sheet`. */
export function tableFiles(table: Table, sheet: string): TableFiles {
  return { csv: () => toCsv(table), xlsx: () => toXlsx(table, sheet) };
}
