// Demo data for stages 1–2, as ./calendar.ts plans them: a published notice, the proposals received
// so far from every source, the screening decisions taken so far (a candidate formed with each
// accepted proposal), and the hand-over once it has happened. Proposers are fictional; phones are in
// the reserved 100-prefix range.
import { and, asc, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../platform/data/db";
import {
  type Cycle,
  candidateFunding,
  candidates,
  handovers,
  notices,
  type Proposal,
  proposals,
} from "../platform/data/schema";
import { chunks } from "../platform/lib/chunks";
import { dayEnd, dayStart } from "../platform/lib/dates";
import type { PlannedCycle } from "./calendar";
import { pick, rng } from "./names";

/** A jurisdiction as the demo seeds it: its code, name, congress (届) and the places in it. */
export interface Place {
  code: string;
  name: string;
  term: number;
  /** The jurisdiction and its townships: where proposals are located. */
  places: string[];
}

/** The seed of a cycle's generator: the same cycle gets the same data on every date. */
export const cycleSeed = (code: string, year: number, salt = 0) =>
  (Number(code) % 1e7) * 131 + year * 17 + salt;

export const DEMO_IDEAS: [category: string, title: string, content: string, wan: number][] = [
  ["water", "嘎查饮水安全巩固提升工程", "新打机电井、更换老化供水管网，解决牧户季节性缺水问题。", 380],
  ["heating", "中心小学供暖管网改造", "更换学校老旧供暖管网和散热器，冬季室温达到18℃以上。", 260],
  ["health", "旗医院远程会诊中心建设", "建设与盟市医院联通的远程会诊系统，覆盖各苏木镇卫生院。", 450],
  ["roads", "农村牧区公路安全生命防护工程", "在急弯陡坡路段设置护栏、标志标线和减速设施。", 620],
  ["housing", "城区老旧小区改造", "改造老旧小区的屋面防水、外墙保温、楼道照明和雨污分流。", 1800],
  ["elderly", "社区居家养老服务站建设", "新建社区养老服务站，提供助餐、日间照料和康复服务。", 300],
  ["environment", "嘎查村街巷路灯亮化工程", "在主要街巷安装太阳能路灯，方便群众夜间出行。", 150],
  ["environment", "城区公厕改造提升", "改造城区老旧公厕，增设无障碍设施和第三卫生间。", 210],
  ["culture", "全民健身广场建设", "建设带塑胶跑道和健身器材的全民健身广场。", 330],
  ["agriculture", "农畜产品冷链仓储建设", "建设冷库和分拣车间，帮助农牧民错峰销售。", 900],
  ["education", "公办幼儿园新建项目", "新建9个班的公办幼儿园，增加普惠性学位270个。", 1500],
  ["roads", "城乡公交线路延伸", "将公交线路延伸到周边嘎查村，增加早晚班次。", 120],
  ["health", "残疾人康复服务中心", "建设残疾人康复训练室，配备康复器材和专业人员。", 260],
  ["environment", "农村牧区生活垃圾收运体系", "配置垃圾收集箱和转运车辆，实现定时收运。", 410],
  ["employment", "就业创业孵化基地", "提供免费场地、培训和创业指导，帮助高校毕业生和返乡青年创业。", 500],
  ["elderly", "老年助餐点建设", "在苏木镇政府所在地建设老年助餐点，为高龄和困难老人提供低价餐。", 90],
  ["safety", "防洪排涝设施改造", "疏浚河道、改造排水管网，消除城区易涝点。", 760],
  ["education", "校园食堂明厨亮灶改造", "为中小学食堂安装明厨亮灶监控和留样设备。", 80],
];

const SOURCES = ["public", "public", "public", "deputy", "department", "township"] as const;
const NAMES = ["张先生", "李女士", "王大姐", "赵师傅", "其其格", "巴特尔", "刘老师", "陈大夫"];

/** The letters of tracking numbers (those of src/platform/lib/crypto.ts's codes: no look-alikes). */
const LETTERS = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A tracking number that looks random but is the same on every run, and differs for every place
 * and proposal of a year: (place, i) through a small Feistel network, a bijection of [0, 30^6),
 * written in LETTERS.
 */
function trackingNo(code: string, year: number, i: number): string {
  const half = LETTERS.length ** 3;
  let k = (Number(code) % 7_000_000) * 100 + i;
  let [l, r] = [Math.floor(k / half), k % half];
  for (let round = 1; round <= 3; round++)
    [l, r] = [r, (l + ((r * 7_919 + round * 104_729) % 26_993)) % half];
  k = l * half + r;
  let out = "";
  for (let d = 0; d < 6; d++, k = Math.floor(k / LETTERS.length)) out += LETTERS[k % LETTERS.length];
  return `${year}-${out}`;
}

function proposalRow(cycle: Cycle, place: Place, r: () => number, i: number, at: number) {
  const [category, title, content, wan] = pick(r, DEMO_IDEAS);
  // Every source among any six in a row.
  const source = SOURCES[i % SOURCES.length] as (typeof SOURCES)[number];
  return {
    cycleId: cycle.id,
    trackingNo: trackingNo(place.code, cycle.year, i),
    idempotencyKey: `demo-${cycle.year}-${String(i + 1).padStart(10, "0")}`,
    source,
    category,
    title,
    background: `群众反映：${title.replace(/工程|项目|建设$/, "")}问题突出，多年未得到解决。`,
    content,
    locationCode: pick(r, place.places),
    locationDetail: r() < 0.5 ? `第${1 + Math.floor(r() * 9)}嘎查` : null,
    implementer: null,
    estimateYuan: Math.round(wan * (0.6 + r() * 0.8)) * 10_000,
    fundingSource: r() < 0.5 ? "旗县财政" : null,
    feasibility: null,
    proposerName: source === "public" ? (r() < 0.6 ? pick(r, NAMES) : null) : "演示单位",
    proposerPhone:
      source === "public" && r() < 0.5 ? `100${String(Math.floor(r() * 1e8)).padStart(8, "0")}` : null,
    deputyId: null,
    userId: null,
    submittedAt: at,
  };
}

/**
 * What screening makes of the proposals, all known once collection has closed: twelve candidates,
 * each from the first proposal of its title (a list of twelve different projects, in the order the
 * proposals came in); a later proposal with the title of a candidate is merged into it, the rest are
 * reserved or not adopted.
 */
function outcomes(stored: Proposal[]) {
  const firstOf = new Map<string, Proposal>();
  for (const p of stored) if (!firstOf.has(p.title)) firstOf.set(p.title, p);
  const chosen = [...firstOf.values()].slice(0, 12);
  for (const p of stored) if (chosen.length < 12 && !chosen.includes(p)) chosen.push(p);
  chosen.sort((a, b) => a.id - b.id);
  return stored.map((p, i) => {
    const position = chosen.indexOf(p) + 1;
    const twin = position > 0 ? undefined : chosen.find((c) => c.title === p.title);
    const status = position > 0 ? "accepted" : twin ? "merged" : i % 2 === 0 ? "reserve" : "rejected";
    return { p, position, twin, status } as const;
  });
}

const UNITS = [
  "旗水利局",
  "旗教育局",
  "旗卫健委",
  "旗交通运输局",
  "旗住建局",
  "旗民政局",
  "旗农牧局",
  "旗人社局",
];

/** Writes the notice, the proposals, the screening decisions and the hand-over the plan has so far. */
export async function seedCollection(
  db: Db,
  cycle: Cycle,
  planned: PlannedCycle,
  place: Place,
): Promise<void> {
  const r = rng(cycleSeed(place.code, cycle.year));
  const { notice } = planned;
  const made = planned.proposalsAt.map((at, i) => proposalRow(cycle, place, r, i, at));
  // Four proposals a statement keeps each insert under D1's 100 bound parameters; one batch in all.
  await db.batch([
    db.insert(notices).values({
      cycleId: cycle.id,
      title: `关于征集${cycle.year}年度民生实事项目的公告`,
      scope:
        "围绕教育、医疗卫生、养老托育、饮水安全、道路交通、人居环境、文化体育、就业增收等群众关心的领域，征集普惠性、公益性、可在一年内完成或取得阶段性成果的项目建议。",
      exclusions:
        "一、仅惠及个别单位或个人的；二、党政机关办公楼和办公设备购置；三、增加政府债务或群众负担的；四、上级已明确安排实施的。",
      channels: "本平台网上征集（扫描二维码）；各苏木镇政府、社区服务站设置意见箱；人大代表联络站当面提交。",
      opensOn: notice.opens,
      closesOn: notice.closes,
      opensAt: dayStart(notice.opens) as number,
      closesAt: dayEnd(notice.closes) as number,
      publishedAt: notice.publishedAt,
      updatedAt: notice.publishedAt,
    }),
    ...chunks(made, 4).map((part) => db.insert(proposals).values(part)),
  ]);
  if (planned.decidedAt.length === 0) return;

  // The decisions taken so far, in the order the proposals came in. One batch: the funding and the
  // proposals find their candidate by its place on the list.
  const stored = await db
    .select()
    .from(proposals)
    .where(eq(proposals.cycleId, cycle.id))
    .orderBy(asc(proposals.id));
  const idOf = (position: number) =>
    sql`(SELECT c.id FROM candidates c WHERE c.cycle_id = ${cycle.id} AND c.position = ${position})`;
  // Named after the place, as the demo unit account (青山旗水利局) is; the first project is the water bureau's.
  const units = Array.from({ length: 12 }, (_, k) => (k === 0 ? (UNITS[0] as string) : pick(r, UNITS)));
  const batch: BatchItem<"sqlite">[] = [];
  for (const [i, o] of outcomes(stored).entries()) {
    const decidedAt = planned.decidedAt[i];
    if (decidedAt === undefined) break;
    const { p, position, twin, status } = o;
    if (status === "accepted") {
      const total = p.estimateYuan ?? 1_000_000;
      const county = Math.round(total * 0.6);
      batch.push(
        db.insert(candidates).values({
          cycleId: cycle.id,
          position: position,
          name: p.title,
          content: p.content,
          responsibleUnit: `${place.name}${(units[position - 1] as string).slice(1)}`,
          deadline: `${cycle.year}-11-30`,
          annualTarget: "年内完工并投入使用",
          locationCode: p.locationCode,
          locationDetail: p.locationDetail,
          createdAt: decidedAt,
          updatedAt: decidedAt,
        }),
        db.insert(candidateFunding).values([
          { candidateId: idOf(position), source: "county", amountYuan: county },
          { candidateId: idOf(position), source: "region", amountYuan: total - county },
        ]),
        db
          .update(proposals)
          .set({
            status: "accepted",
            candidateId: idOf(position),
            outcomeReason: sql`'candidate:' || ${idOf(position)}`,
            decidedAt,
          })
          .where(eq(proposals.id, p.id)),
      );
      continue;
    }
    batch.push(
      db
        .update(proposals)
        .set({
          status,
          outcomeReason:
            status === "reserve"
              ? "项目必要，但今年财力不足，列入项目储备库，以后年度优先考虑。"
              : status === "rejected"
                ? "negative:higher_level\n该项目已列入上级部门年度计划，由上级安排实施。"
                : `merged:${twin?.trackingNo}`,
          mergedInto: twin?.id ?? null,
          // A duplicate follows the proposal it was merged into, into its candidate.
          ...(twin ? { candidateId: sql`(SELECT candidate_id FROM proposals WHERE id = ${twin.id})` } : {}),
          decidedAt,
        })
        .where(and(eq(proposals.id, p.id), eq(proposals.cycleId, cycle.id))),
    );
  }
  if (planned.handedAt !== null)
    batch.push(
      db.insert(handovers).values({
        cycleId: cycle.id,
        report: `${cycle.year}年度民生实事候选项目共征集项目建议${stored.length}件，经部门初审、政府常务会议研究，形成候选项目12个，现提请人民代表大会票决。`,
        candidateCount: 12,
        handedAt: planned.handedAt,
        handedBy: 0,
      }),
    );
  await db.batch(batch as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}
