// Exports of the proposals register and the candidate list as tables (written as CSV or .xlsx by
// src/platform/lib/tables.ts). Public exports never carry a proposer's name or phone.
import { and, asc, gt } from "drizzle-orm";
import type { Db } from "../../platform/data/db";
import { FUNDING_SOURCES, type Proposal, proposals } from "../../platform/data/schema";
import type { Cell, Table } from "../../platform/lib/tables";
import { proposalFilter } from "../collection/proposals";
import { type CandidateWithFunding, plainWan } from "./candidates";

/** Every proposal of a cycle (optionally filtered like the list), oldest first, read in pages. */
export async function allProposals(db: Db, cycleId: number, query: unknown): Promise<Proposal[]> {
  const { conds } = proposalFilter(cycleId, query);
  const out: Proposal[] = [];
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(proposals)
      .where(and(...conds, gt(proposals.id, after)))
      .orderBy(asc(proposals.id))
      .limit(1000);
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1]?.id ?? after;
  }
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
        p.estimateYuan === null ? null : plainWan(p.estimateYuan),
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
      ...FUNDING_SOURCES.map((s) => (c.funding[s] ? plainWan(c.funding[s] as number) : null)),
      plainWan(c.totalYuan),
    ]),
  };
}
