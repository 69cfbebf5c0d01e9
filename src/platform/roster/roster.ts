// The deputy roster (代表名册): listing, and import from the sheet staff actually keep (CSV or .xlsx,
// a title row or two above the header, Chinese column names in any order). Good rows are imported;
// every refused row is reported with its row number and reason.
import { and, asc, count, eq, type Placeholder, sql } from "drizzle-orm";
import Papa from "papaparse";
import { readSheet } from "read-excel-file/universal";
import * as v from "valibot";
import { commitWithAudit } from "../audit/audit";
import { authorize, type Grant } from "../auth/permissions";
import { type Db, firstOrNotFound } from "../data/db";
import { deputies } from "../data/schema";
import { AppError } from "../http/errors";
import { intField, parse } from "../lib/validate";

const MAX_SHEET_BYTES = 2 * 1024 * 1024;
const MAX_SHEET_ROWS = 2000;

type Column = "number" | "name" | "gender" | "ethnicity" | "delegation" | "workplace" | "status";

/** Header names seen in congress rosters, normalised (no spaces, lower case). */
const HEADERS: Record<Column, string[]> = {
  number: ["序号", "编号", "代表证号", "代表编号", "代表证编号", "no", "no.", "number"],
  name: ["姓名", "代表姓名", "name"],
  gender: ["性别", "gender"],
  ethnicity: ["民族", "ethnicity"],
  delegation: ["代表团", "所在代表团", "所属代表团", "代表小组", "所在代表小组", "代表组", "delegation"],
  workplace: ["工作单位及职务", "工作单位和职务", "单位及职务", "工作单位", "职务", "workplace"],
  status: ["状态", "代表状态", "status"],
};

const STATUS_WORDS: Record<string, "active" | "suspended" | "ended"> = {
  "": "active",
  正常: "active",
  在任: "active",
  active: "active",
  暂停: "suspended",
  暂停执行代表职务: "suspended",
  suspended: "suspended",
  终止: "ended",
  代表资格终止: "ended",
  辞职: "ended",
  罢免: "ended",
  ended: "ended",
};

const GENDER_WORDS: Record<string, string> = {
  男: "男",
  女: "女",
  m: "男",
  f: "女",
  male: "男",
  female: "女",
};

interface RosterRow {
  number: string;
  name: string;
  gender: string | null;
  ethnicity: string | null;
  delegation: string;
  workplace: string | null;
  status: "active" | "suspended" | "ended";
}

interface RefusedRow {
  /** The row number as the spreadsheet shows it (1-based). */
  row: number;
  /** i18n key of the reason. */
  reason: string;
  column?: Column;
}

export interface ParsedRoster {
  rows: RosterRow[];
  refused: RefusedRow[];
}

const norm = (s: unknown) =>
  String(s ?? "")
    .replace(/[\s\u3000]/g, "")
    .toLowerCase();

function cellText(c: unknown): string {
  if (c === null || c === undefined) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c)
    .replace(/\u3000/g, " ")
    .trim();
}

/** Turns a sheet (rows of cells) into roster rows and refused rows. Pure: no database. */
export function parseRosterSheet(sheet: readonly (readonly unknown[])[]): ParsedRoster {
  // The header is the first row (of the first ten) that names a 姓名 column.
  const headerIdx = sheet.slice(0, 10).findIndex((r) => r.some((c) => HEADERS.name.includes(norm(c))));
  if (headerIdx < 0) throw new AppError("invalid_input", { fields: { file: "roster.no_header" } });
  const header = (sheet[headerIdx] ?? []).map(norm);
  const col = {} as Record<Column, number>;
  for (const key of Object.keys(HEADERS) as Column[]) {
    col[key] = header.findIndex((h) => HEADERS[key].includes(h));
  }
  if (col.number < 0) throw new AppError("invalid_input", { fields: { file: "roster.no_number_column" } });
  if (col.delegation < 0)
    throw new AppError("invalid_input", { fields: { file: "roster.no_delegation_column" } });

  const rows: RosterRow[] = [];
  const refused: RefusedRow[] = [];
  const seen = new Set<string>();
  const body = sheet.slice(headerIdx + 1);
  if (body.length > MAX_SHEET_ROWS)
    throw new AppError("invalid_input", { fields: { file: "roster.too_many_rows" } });

  for (const [i, cells] of body.entries()) {
    const rowNo = headerIdx + 2 + i;
    const get = (k: Column) => (col[k] >= 0 ? cellText(cells[col[k]]) : "");
    if (cells.every((c) => cellText(c) === "")) continue; // blank line
    const refuse = (reason: string, column?: Column) =>
      refused.push(column ? { row: rowNo, reason, column } : { row: rowNo, reason });
    const number = get("number");
    const name = get("name");
    const delegation = get("delegation");
    if (!number) {
      refuse("roster.missing_number", "number");
      continue;
    }
    if (!name) {
      refuse("roster.missing_name", "name");
      continue;
    }
    if (!delegation) {
      refuse("roster.missing_delegation", "delegation");
      continue;
    }
    if (number.length > 20 || name.length > 40 || delegation.length > 60) {
      refuse("roster.too_long");
      continue;
    }
    if (get("workplace").length > 120 || get("ethnicity").length > 20) {
      refuse("roster.too_long");
      continue;
    }
    const genderRaw = norm(get("gender"));
    const gender = genderRaw === "" ? null : GENDER_WORDS[genderRaw];
    if (gender === undefined) {
      refuse("roster.bad_gender", "gender");
      continue;
    }
    const status = STATUS_WORDS[norm(get("status"))];
    if (!status) {
      refuse("roster.bad_status", "status");
      continue;
    }
    if (seen.has(number)) {
      refuse("roster.duplicate_number", "number");
      continue;
    }
    seen.add(number);
    rows.push({
      number,
      name,
      gender,
      ethnicity: get("ethnicity") || null,
      delegation,
      workplace: get("workplace") || null,
      status,
    });
  }
  return { rows, refused };
}

/** Reads an uploaded CSV (UTF-8, with or without BOM; GB18030 as Excel saves it) or .xlsx file. */
export async function readRosterFile(file: File): Promise<unknown[][]> {
  if (file.size === 0) throw new AppError("invalid_input", { fields: { file: "field.required" } });
  if (file.size > MAX_SHEET_BYTES)
    throw new AppError("invalid_input", { fields: { file: "roster.too_large" } });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) {
    try {
      return (await readSheet(new Blob([bytes]))) as unknown[][];
    } catch {
      throw new AppError("invalid_input", { fields: { file: "roster.unreadable" } });
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Excel on Chinese Windows saves CSV in GB18030 (GBK).
    text = new TextDecoder("gb18030", { fatal: false, ignoreBOM: false }).decode(bytes);
  }
  // Blank lines are kept so that reported row numbers match what staff see in Excel.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  return parsed.data;
}

const ImportInput = v.object({ term: intField(1, 99) });

export interface ImportReport {
  imported: number;
  updated: number;
  refused: RefusedRow[];
}

/** The deputies of one term's roster in a jurisdiction. */
const onRoster = (jurisdictionCode: string, term: number) =>
  and(eq(deputies.jurisdictionCode, jurisdictionCode), eq(deputies.term, term));

/** Imports (inserts or updates by number) the good rows of a roster sheet for one term. */
export async function importRoster(
  db: Db,
  grant: Grant<"roster.write">,
  jurisdictionCode: string,
  input: unknown,
  sheet: readonly (readonly unknown[])[],
  now: number,
): Promise<ImportReport> {
  const actor = authorize(grant, "roster.write", { jurisdictionCode });
  const { term } = parse(ImportInput, input);
  const { rows, refused } = parseRosterSheet(sheet);
  const existing = new Set(
    (await db.select({ number: deputies.number }).from(deputies).where(onRoster(jurisdictionCode, term))).map(
      (r) => r.number,
    ),
  );
  const updated = rows.filter((r) => existing.has(r.number)).length;
  await commitWithAudit(
    db,
    {
      jurisdictionCode,
      at: now,
      actor,
      action: "roster.import",
      target: `roster:${term}`,
      detail: { imported: rows.length - updated, updated, refused: refused.length },
    },
    () =>
      rows.map((r) =>
        db
          .insert(deputies)
          .values({ ...r, jurisdictionCode, term, createdAt: now })
          .onConflictDoUpdate({
            target: [deputies.jurisdictionCode, deputies.term, deputies.number],
            set: {
              name: sql`excluded.name`,
              gender: sql`excluded.gender`,
              ethnicity: sql`excluded.ethnicity`,
              delegation: sql`excluded.delegation`,
              workplace: sql`excluded.workplace`,
              status: sql`excluded.status`,
            },
          }),
      ),
  );
  return { imported: rows.length - updated, updated, refused };
}

/** The query behind `currentTerm`, for a batch: one row, `term` null when there is no roster. */
export function currentTermQuery(db: Db, jurisdictionCode: string | Placeholder) {
  return db
    .select({ term: sql<number | null>`max(${deputies.term})` })
    .from(deputies)
    .where(eq(deputies.jurisdictionCode, jurisdictionCode));
}

/** The current term of a jurisdiction: the highest term on its roster. */
export async function currentTerm(db: Db, jurisdictionCode: string): Promise<number | null> {
  const [row] = await currentTermQuery(db, jurisdictionCode);
  return row?.term ?? null;
}

/** How many deputies a term's roster lists, and how many of them serve (status 正常). */
export async function rosterCounts(
  db: Db,
  jurisdictionCode: string,
  term: number,
): Promise<{ total: number; active: number }> {
  const [row] = await db
    .select({
      total: count(),
      active: sql<number>`coalesce(sum(${deputies.status} = 'active'), 0)`,
    })
    .from(deputies)
    .where(onRoster(jurisdictionCode, term));
  return { total: row?.total ?? 0, active: Number(row?.active ?? 0) };
}

export async function countActiveDeputies(db: Db, jurisdictionCode: string, term: number): Promise<number> {
  return (await rosterCounts(db, jurisdictionCode, term)).active;
}

/** The ids of the deputies who serve in a term (status 正常). */
export async function activeDeputyIds(db: Db, jurisdictionCode: string, term: number): Promise<number[]> {
  const rows = await db
    .select({ id: deputies.id })
    .from(deputies)
    .where(and(onRoster(jurisdictionCode, term), eq(deputies.status, "active")));
  return rows.map((r) => r.id);
}

/** One deputy of a jurisdiction's roster (any term); "not found" for another jurisdiction's. */
export async function getDeputy(db: Db, jurisdictionCode: string, id: number) {
  if (!Number.isSafeInteger(id)) throw new AppError("not_found");
  return firstOrNotFound(
    db
      .select()
      .from(deputies)
      .where(and(eq(deputies.jurisdictionCode, jurisdictionCode), eq(deputies.id, id))),
  );
}

export const ROSTER_PAGE_SIZE = 50;

/** One page of the roster, by delegation then number. */
export function listRoster(db: Db, jurisdictionCode: string, term: number, page: number) {
  return db
    .select()
    .from(deputies)
    .where(onRoster(jurisdictionCode, term))
    .orderBy(asc(deputies.delegation), sql`length(${deputies.number})`, asc(deputies.number))
    .limit(ROSTER_PAGE_SIZE)
    .offset((page - 1) * ROSTER_PAGE_SIZE);
}
