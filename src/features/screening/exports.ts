// Exports of the proposals register and the candidate list as tables, written as CSV (UTF-8 with a
// BOM and CRLF, which Excel on Chinese Windows opens correctly) or .xlsx (write-excel-file's
// universal build runs in Workers). Public exports never carry a proposer's name or phone.
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import Papa from "papaparse";
import writeXlsxFile from "write-excel-file/universal";
import type { Db } from "../../platform/data/db";
import { FUNDING_SOURCES, jurisdictions, type Proposal, proposals } from "../../platform/data/schema";
import { yuanToWan } from "../../platform/lib/money";
import { parse } from "../../platform/lib/validate";
import { ListQuery } from "../collection/proposals";
import type { CandidateWithFunding } from "./candidates";

type Cell = string | number | null;
export interface Table {
  header: string[];
  rows: Cell[][];
}

export function toCsv(table: Table): string {
  return `\uFEFF${Papa.unparse([table.header, ...table.rows.map((r) => r.map((c) => (c === null ? "" : c)))], { newline: "\r\n" })}\r\n`;
}

export async function toXlsx(table: Table, sheet: string): Promise<Blob> {
  const data = [
    table.header.map((value) => ({ value, fontWeight: "bold" as const })),
    ...table.rows.map((r) => r.map((value) => (value === null ? null : { value }))),
  ];
  return writeXlsxFile(data, { sheet: sheet.slice(0, 31), stickyRowsCount: 1 }).toBlob();
}

/** Every proposal of a cycle (optionally filtered like the list), oldest first, read in pages. */
export async function allProposals(db: Db, cycleId: number, query: unknown): Promise<Proposal[]> {
  const q = parse(ListQuery, query ?? {});
  const out: Proposal[] = [];
  let after = 0;
  for (;;) {
    const conds: SQL[] = [eq(proposals.cycleId, cycleId), gt(proposals.id, after)];
    if (q.township) conds.push(eq(proposals.locationCode, q.township));
    if (q.category) conds.push(eq(proposals.category, q.category));
    if (q.status) conds.push(eq(proposals.status, q.status));
    const page = await db
      .select()
      .from(proposals)
      .where(and(...conds))
      .orderBy(asc(proposals.id))
      .limit(1000);
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1]?.id ?? after;
  }
}

export async function placeNames(db: Db, code: string, english: boolean): Promise<Map<string, string>> {
  const rows = await db.select().from(jurisdictions).where(eq(jurisdictions.parentCode, code));
  const [self] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, code));
  return new Map([...(self ? [self] : []), ...rows].map((j) => [j.code, english ? j.nameEn : j.name]));
}

export interface Labels {
  header: (key: string) => string;
  category: (k: string) => string;
  source: (k: string) => string;
  status: (k: string) => string;
  outcome: (p: Proposal) => string;
  fund: (k: string) => string;
}

export function proposalsTable(
  list: Proposal[],
  places: Map<string, string>,
  l: Labels,
  withContact: boolean,
): Table {
  const header = [
    "no",
    "title",
    "category",
    "place",
    "placeDetail",
    "source",
    "estimate",
    "background",
    "content",
    "submitted",
    "status",
    "outcome",
  ];
  if (withContact) header.push("proposer", "phone");
  return {
    header: header.map(l.header),
    rows: list.map((p) => {
      const row: Cell[] = [
        p.trackingNo,
        p.title,
        l.category(p.category),
        places.get(p.locationCode) ?? p.locationCode,
        p.locationDetail,
        l.source(p.source),
        p.estimateYuan === null ? null : yuanToWan(p.estimateYuan).replace(/,/g, ""),
        p.background,
        p.content,
        new Date(p.submittedAt + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " "),
        l.status(p.status),
        l.outcome(p),
      ];
      if (withContact) row.push(p.proposerName, p.proposerPhone);
      return row;
    }),
  };
}

export function candidatesTable(list: CandidateWithFunding[], places: Map<string, string>, l: Labels): Table {
  return {
    header: [
      ...["position", "name", "content", "place", "responsibleUnit", "deadline", "annualTarget"].map(
        l.header,
      ),
      ...FUNDING_SOURCES.map((s) => `${l.fund(s)}（${l.header("wan")}）`),
      l.header("total"),
    ],
    rows: list.map((c) => [
      c.position,
      c.name,
      c.content,
      `${places.get(c.locationCode) ?? c.locationCode}${c.locationDetail ? ` ${c.locationDetail}` : ""}`,
      c.responsibleUnit,
      c.deadline,
      c.annualTarget,
      ...FUNDING_SOURCES.map((s) =>
        c.funding[s] ? yuanToWan(c.funding[s] as number).replace(/,/g, "") : null,
      ),
      yuanToWan(c.totalYuan).replace(/,/g, ""),
    ]),
  };
}
