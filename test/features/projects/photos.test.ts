// Progress photos in R2: checked by their bytes (not the declared type or name), at most 5 MB and
// 4 a report, stored under random keys, served with a long cache, the right type and nosniff, and
// only for a published project of the jurisdiction and year in the address.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  PHOTO_FORM_MAX_BYTES,
  PHOTO_MAX_BYTES,
  photoSize,
  sniffImage,
} from "../../../src/features/projects/photos";
import { listProjects } from "../../../src/features/projects/projects";
import { cycles, photos, plans, progressReports } from "../../../src/platform/data/schema";
import { Client, seeded, testNow } from "../../worker/client";
import { SUPERVISED } from "../../worker/fixtures";

const J = "159921";
const YEAR = SUPERVISED;
const BASE = `/j/${J}/${YEAR}/projects`;

const b64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
/** A real 1×1 PNG. */
const PNG = b64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
);
/** A real 1×1 JPEG (the well-known 125-byte one). */
const JPEG = new Uint8Array(
  (
    "FFD8FFE000104A46494600010101004800480000FFDB004300030202020202030202020303030304060404040404080606050609080A0A090809090A0C0F0C0A0B0E0B09090D110D0E0F101011100A0C12131210130F101010" +
    "FFC9000B080001000101011100FFCC000600101005FFDA0008010100003F00D2CF20FFD9"
  )
    .match(/../g)
    ?.map((h) => Number.parseInt(h, 16)) ?? [],
);
/** A real 1×1 lossless WebP. */
const WEBP = b64("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

let unit: Client;
let gov: Client;
let projectId = 0;

async function reportCount(id: number) {
  const db = await seeded();
  return (await db.select().from(progressReports).where(eq(progressReports.candidateId, id))).length;
}

function form(files: File[], extra: Record<string, string> = {}) {
  const f = new FormData();
  f.set("reportedOn", "2026-05-01");
  f.set("percent", "30");
  f.set("body", "基础工程完成。");
  f.set("caption", "施工现场");
  for (const [k, v] of Object.entries(extra)) f.set(k, v);
  for (const file of files) f.append("photos", file);
  return f;
}

beforeAll(async () => {
  const db = await seeded();
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.jurisdictionCode, J), eq(cycles.year, YEAR)));
  if (!cycle) throw new Error("no cycle");
  const mine = (await listProjects(db, cycle, testNow())).find((p) => p.responsibleUnit === "青山旗水利局");
  projectId = mine?.id ?? 0;
  gov = await new Client("100.71.0.1").loginStaff("gov");
  unit = await new Client("100.71.0.2").loginStaff("unit");
  const res = await gov.post(`${BASE}/${projectId}/plan`, {
    responsibleUnit: "青山旗水利局",
    annualTarget: "年底前完工通水",
    milestones: "2099-06-30 完成主体工程",
    publish: "1",
  });
  expect(res.status).toBe(303);
});

describe("sniffing", () => {
  it("knows JPEG, PNG and WebP by their bytes and reads their size", () => {
    expect(sniffImage(PNG)).toEqual({ type: "image/png", width: 1, height: 1 });
    expect(sniffImage(JPEG)).toEqual({ type: "image/jpeg", width: 1, height: 1 });
    expect(sniffImage(WEBP)).toEqual({ type: "image/webp", width: 1, height: 1 });
    // A baseline JPEG frame header (SOF0) after an APP0 segment: 640 × 480.
    const sof0 = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
      0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02,
      0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
    ]);
    expect(sniffImage(sof0)).toEqual({ type: "image/jpeg", width: 640, height: 480 });
  });

  it("refuses what only looks like an image by name or by its first bytes", () => {
    expect(sniffImage(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'></svg>"))).toBeNull();
    expect(sniffImage(b64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"))).toBeNull(); // GIF
    expect(sniffImage(JPEG.slice(0, 30))).toBeNull(); // a JPEG cut before its frame header
    expect(sniffImage(PNG.slice(0, 20))).toBeNull();
  });
});

describe("uploading photos with a progress report", () => {
  it("refuses a text file named .jpg and declared as a JPEG, and records nothing", async () => {
    const before = await reportCount(projectId);
    const fake = new File(["这不是照片，只是一段文字。".repeat(10)], "photo.jpg", { type: "image/jpeg" });
    const res = await unit.postMultipart(`${BASE}/${projectId}/report`, form([fake]));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("只能上传 JPEG、PNG 或 WebP 格式的照片");
    expect(await reportCount(projectId)).toBe(before);
  });

  it("refuses a photo over 5 MB, more than 4 photos, and a form over the route's limit", async () => {
    const before = await reportCount(projectId);
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set(PNG);
    const res = await unit.postMultipart(
      `${BASE}/${projectId}/report`,
      form([new File([big], "big.png", { type: "image/png" })]),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("每张照片不能超过 5 MB");
    const five = Array.from({ length: 5 }, (_, i) => new File([PNG], `p${i}.png`, { type: "image/png" }));
    const many = await unit.postMultipart(`${BASE}/${projectId}/report`, form(five));
    expect(many.status).toBe(400);
    expect(await many.text()).toContain("最多上传 4 张照片");
    const huge = new Uint8Array(PHOTO_FORM_MAX_BYTES + 1);
    const tooLarge = await unit.postMultipart(
      `${BASE}/${projectId}/report`,
      form([new File([huge], "huge.png", { type: "image/png" })]),
    );
    expect(tooLarge.status).toBe(413);
    expect(await reportCount(projectId)).toBe(before);
  });

  it("accepts a 4 MB photo (over the app's general body limit) and up to 4 photos", async () => {
    const four = new Uint8Array(4 * 1024 * 1024);
    four.set(PNG);
    const res = await unit.postMultipart(
      `${BASE}/${projectId}/report`,
      form([new File([four], "four.png", { type: "image/png" })], { body: "四兆照片。" }),
    );
    expect(res.status).toBe(303);
  });

  it("stores real PNG and JPEG photos in R2 and serves them with the sniffed type and a long cache", async () => {
    // Declared types and names are wrong on purpose: the stored type comes from the bytes.
    const res = await unit.postMultipart(
      `${BASE}/${projectId}/report`,
      form(
        [
          new File([PNG], "现场.jpg", { type: "image/jpeg" }),
          new File([JPEG], "现场2", { type: "application/octet-stream" }),
        ],
        { percent: "45", body: "管网铺设过半。", caption: "管网铺设现场" },
      ),
    );
    expect(res.status).toBe(303);
    const db = await seeded();
    const rows = await db.select().from(photos).where(eq(photos.candidateId, projectId));
    const [latest] = await db
      .select()
      .from(progressReports)
      .where(eq(progressReports.candidateId, projectId))
      .orderBy(progressReports.id);
    expect(latest).toBeDefined();
    const mine = rows.filter((r) => r.caption === "管网铺设现场");
    expect(mine.map((r) => r.contentType).sort()).toEqual(["image/jpeg", "image/png"]);
    for (const r of mine) {
      expect(r.objectKey).toMatch(/^p\/[A-Za-z0-9_-]{22}\/1x1$/);
      expect(photoSize(r.objectKey)).toEqual({ width: 1, height: 1 });
      expect(await env.PHOTOS.head(r.objectKey)).not.toBeNull();
    }
    const png = mine.find((r) => r.contentType === "image/png");
    if (!png) throw new Error("no png");

    const page = await (await new Client().get(`${BASE}/${projectId}`)).text();
    expect(page).toContain(`src="${BASE}/${projectId}/photos/${png.id}"`);
    expect(page).toMatch(/<img [^>]*alt="管网铺设现场"[^>]*width="1"[^>]*height="1"[^>]*loading="lazy"/);

    const photo = await new Client().get(`${BASE}/${projectId}/photos/${png.id}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(photo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(photo.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(photo.headers.get("set-cookie")).toBeNull();
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    const again = await new Client().fetch(`${BASE}/${projectId}/photos/${png.id}`, {
      headers: { "if-none-match": photo.headers.get("etag") ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("serves no photo under another jurisdiction, year or project, nor of an unpublished plan", async () => {
    const db = await seeded();
    const [row] = await db.select().from(photos).where(eq(photos.candidateId, projectId)).limit(1);
    if (!row) throw new Error("no photo");
    const anon = new Client();
    expect((await anon.get(`${BASE}/${projectId}/photos/${row.id}`)).status).toBe(200);
    expect((await anon.get(`/j/159922/${YEAR}/projects/${projectId}/photos/${row.id}`)).status).toBe(404);
    expect((await anon.get(`/j/${J}/${YEAR + 1}/projects/${projectId}/photos/${row.id}`)).status).toBe(404);
    expect((await anon.get(`${BASE}/${projectId + 1}/photos/${row.id}`)).status).toBe(404);
    expect((await anon.get(`${BASE}/${projectId}/photos/${row.id + 100000}`)).status).toBe(404);
    const [plan] = await db.select().from(plans).where(eq(plans.candidateId, projectId));
    await db.update(plans).set({ publishedAt: null }).where(eq(plans.candidateId, projectId));
    try {
      expect((await anon.get(`${BASE}/${projectId}/photos/${row.id}`)).status).toBe(404);
    } finally {
      await db
        .update(plans)
        .set({ publishedAt: plan?.publishedAt ?? testNow() })
        .where(eq(plans.candidateId, projectId));
    }
  });
});
