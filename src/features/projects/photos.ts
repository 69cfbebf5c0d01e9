// 进度照片: photos attached to a progress report, stored in R2 (binding PHOTOS; local runs and tests
// use wrangler's local R2), one row each in `photos`.
//
// Size design. Workers have no image library (no resizing on the server in local mode, and none we
// want to ship), so the sizing happens in two places:
//   1. In the browser: web/public/static/app.js (progressive enhancement) redraws an image larger
//      than 1600 px on its long side onto a canvas and sends it as JPEG quality 0.85 before upload,
//      so a 12-megapixel phone photo arrives as a few hundred KB.
//   2. On the server: whatever arrives (with or without JavaScript) must be a real JPEG, PNG or WebP
//      — judged by its magic bytes and a readable header with its dimensions, never by the declared
//      type or the file name — of at most 5 MB, at most 4 per report. The type we store and serve is
//      the sniffed one.
// Pages show photos with their width and height (read from the image header at upload and kept in
// the object key, `p/<random>/<w>x<h>`), loading="lazy", CSS max-width 100%, and the caption as alt
// text. The worker serves the bytes with a year-long immutable cache, the stored type, nosniff, and
// only while the project's public page is visible (see `publicPhoto`).
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/data/db";
import { candidates, cycles, type Photo, photos, plans, progressReports } from "../../platform/data/schema";
import { AppError } from "../../platform/http/errors";
import { randomToken } from "../../platform/lib/crypto";

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_REPORT = 4;
/** The longest side app.js scales photos down to before upload. */
export const PHOTO_CLIENT_MAX_PX = 1600;
/** A report form with 4 photos of 5 MB and its text fields: the body limit of that one route. */
export const PHOTO_FORM_MAX_BYTES = PHOTOS_PER_REPORT * PHOTO_MAX_BYTES + 256 * 1024;
/** The route that takes a report with photos (its body limit is PHOTO_FORM_MAX_BYTES, see src/platform/http/app.ts). */
export const PHOTO_UPLOAD_PATH = /^\/j\/[^/]+\/\d{4}\/projects\/\d+\/report$/;

/** The image types a photo can be (sniffed from its bytes): what is stored and served. */
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
type ImageType = (typeof IMAGE_TYPES)[number];

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

/** A checked upload: bytes whose header says what they are. */
export interface PhotoUpload extends ImageInfo {
  bytes: Uint8Array;
  caption: string;
}

const MAX_SIDE = 20_000;

const be16 = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const be32 = (b: Uint8Array, i: number) => be16(b, i) * 65_536 + be16(b, i + 2);
const le16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const le24 = (b: Uint8Array, i: number) => le16(b, i) | ((b[i + 2] ?? 0) << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function sized(type: ImageType, width: number, height: number): ImageInfo | null {
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return null;
  return { type, width, height };
}

/** JPEG: walk the segments to the frame header (SOFn), which holds the dimensions. */
function jpegInfo(b: Uint8Array): ImageInfo | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before a frame
    const len = be16(b, i + 2);
    if (len < 2) return null;
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) return sized("image/jpeg", be16(b, i + 7), be16(b, i + 5));
    i += 2 + len;
  }
  return null;
}

/** WebP: RIFF container with a VP8 (lossy), VP8L (lossless) or VP8X (extended) first chunk. */
function webpInfo(b: Uint8Array): ImageInfo | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8X") return sized("image/webp", le24(b, 24) + 1, le24(b, 27) + 1);
  if (chunk === "VP8 ") {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return sized("image/webp", le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  }
  if (chunk === "VP8L") {
    if (b[20] !== 0x2f) return null;
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return sized("image/webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  return null;
}

/**
 * What an upload really is, from its first bytes: JPEG, PNG or WebP with readable dimensions, or
 * null for anything else (a text file named .jpg, a GIF, an SVG, a truncated header).
 */
export function sniffImage(b: Uint8Array): ImageInfo | null {
  if (b.length < 24) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegInfo(b);
  if (
    b[0] === 0x89 &&
    ascii(b, 1, 3) === "PNG" &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a &&
    ascii(b, 12, 4) === "IHDR"
  )
    return sized("image/png", be32(b, 16), be32(b, 20));
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return webpInfo(b);
  return null;
}

/**
 * Checks the files of a report form: at most 4, each a real image of at most 5 MB. Empty file
 * inputs (a form sent without choosing a photo) are skipped. Errors are field errors on "photos".
 */
export async function checkPhotos(files: File[], caption: string): Promise<PhotoUpload[]> {
  const chosen = files.filter((f) => f.size > 0 || f.name !== "");
  if (chosen.length > PHOTOS_PER_REPORT)
    throw new AppError("invalid_input", { fields: { photos: "field.photos_count" } });
  const out: PhotoUpload[] = [];
  for (const f of chosen) {
    if (f.size > PHOTO_MAX_BYTES)
      throw new AppError("invalid_input", { fields: { photos: "field.photo_size" } });
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (bytes.length > PHOTO_MAX_BYTES)
      throw new AppError("invalid_input", { fields: { photos: "field.photo_size" } });
    const info = sniffImage(bytes);
    if (!info) throw new AppError("invalid_input", { fields: { photos: "field.photo_type" } });
    out.push({ ...info, bytes, caption: caption.trim().slice(0, 100) });
  }
  return out;
}

/** `p/<128-bit random>/<width>x<height>`: unguessable, and the page knows the size without R2. */
function photoKey(info: ImageInfo): string {
  return `p/${randomToken(16)}/${info.width}x${info.height}`;
}

export function photoSize(key: string): { width: number; height: number } | null {
  const m = /\/(\d+)x(\d+)$/.exec(key);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

export interface StoredPhoto extends PhotoUpload {
  key: string;
}

/** Puts the checked uploads in R2 (before the D1 batch that records them; see `discardPhotos`). */
export async function storePhotos(bucket: R2Bucket, uploads: PhotoUpload[]): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  try {
    for (const u of uploads) {
      const key = photoKey(u);
      await bucket.put(key, u.bytes, {
        httpMetadata: { contentType: u.type, cacheControl: "public, max-age=31536000, immutable" },
      });
      stored.push({ ...u, key });
    }
  } catch (e) {
    await discardPhotos(
      bucket,
      stored.map((s) => s.key),
    );
    throw e;
  }
  return stored;
}

/** Removes objects whose D1 rows were never written (the batch failed). Best effort. */
export async function discardPhotos(bucket: R2Bucket, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    await bucket.delete(keys);
  } catch {
    // An orphan object is harmless: nothing links to it and its key cannot be guessed.
  }
}

/**
 * The insert of the photo rows, for the batch that inserts their report: the report is the
 * project's newest one in that batch (D1 runs a batch as one transaction).
 */
export function photoRowsInsert(db: Db, candidateId: number, stored: StoredPhoto[], now: number) {
  const reportId = sql<number>`(SELECT MAX(id) FROM progress_reports WHERE candidate_id = ${candidateId})`;
  return db.insert(photos).values(
    stored.map((s) => ({
      candidateId,
      reportId,
      objectKey: s.key,
      contentType: s.type,
      bytes: s.bytes.length,
      caption: s.caption,
      createdAt: now,
    })),
  );
}

/** The photos of some reports of one project, newest first. */
export async function photosOfReports(db: Db, candidateId: number, reportIds: number[]): Promise<Photo[]> {
  if (reportIds.length === 0) return [];
  return db
    .select()
    .from(photos)
    .where(and(eq(photos.candidateId, candidateId), inArray(photos.reportId, reportIds)))
    .orderBy(desc(photos.id));
}

/** Public address of a photo. */
export function photoUrl(code: string, year: number, candidateId: number, photoId: number): string {
  return `/j/${code}/${year}/projects/${candidateId}/photos/${photoId}`;
}

/** A candidate is a project when a closed project (or runoff) vote of its cycle elected it. */
export const electedSql = (candidateId: unknown) =>
  sql`EXISTS (SELECT 1 FROM vote_results r JOIN votes v ON v.id = r.vote_id
    WHERE r.candidate_id = ${candidateId} AND r.elected = 1 AND v.status = 'closed'
      AND v.kind IN ('project', 'runoff'))`;

/**
 * A photo as the public may fetch it: of this project, of this jurisdiction and year, the project
 * elected and its plan published (its public page shows reports). Anything else is not found.
 */
export async function publicPhoto(
  db: Db,
  code: string,
  year: number,
  candidateId: number,
  photoId: number,
): Promise<Photo> {
  const [row] = await db
    .select({ photo: photos })
    .from(photos)
    .innerJoin(candidates, eq(candidates.id, photos.candidateId))
    .innerJoin(cycles, eq(cycles.id, candidates.cycleId))
    .innerJoin(plans, eq(plans.candidateId, photos.candidateId))
    .innerJoin(progressReports, eq(progressReports.id, photos.reportId))
    .where(
      and(
        eq(photos.id, photoId),
        eq(photos.candidateId, candidateId),
        eq(cycles.jurisdictionCode, code),
        eq(cycles.year, year),
        isNotNull(plans.publishedAt),
        electedSql(photos.candidateId),
      ),
    );
  if (!row) throw new AppError("not_found");
  return row.photo;
}
