// Money is exact: stored as integer yuan, entered and shown in 万元 (10⁴ yuan) with at most four
// decimals, so that 12.3456万元 is exactly 123,456 yuan. No floating point anywhere.
import * as v from "valibot";

const WAN = /^(\d{1,9})(?:\.(\d{1,4}))?$/;

/** Parses a 万元 amount as typed ("12", "12.5", "0.0001") into integer yuan, or null if malformed. */
export function wanToYuan(text: string): number | null {
  const m = WAN.exec(text.trim().replace(/[,，\s]/g, ""));
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? "").padEnd(4, "0"));
  return whole * 10_000 + frac;
}

/** Integer yuan → 万元 text with as few decimals as exact (123456 → "12.3456", 100000 → "10"). */
export function yuanToWan(yuan: number): string {
  const sign = yuan < 0 ? "-" : "";
  const abs = Math.abs(yuan);
  const whole = Math.floor(abs / 10_000);
  const frac = String(abs % 10_000)
    .padStart(4, "0")
    .replace(/0+$/, "");
  return `${sign}${whole.toLocaleString("en-US")}${frac ? `.${frac}` : ""}`;
}

/** A valibot field for an optional 万元 amount (empty → undefined). */
export const optionalWan = v.pipe(
  v.optional(v.string("field.invalid"), ""),
  v.trim(),
  v.check((s) => s === "" || wanToYuan(s) !== null, "field.money"),
  v.transform((s) => (s === "" ? undefined : (wanToYuan(s) as number))),
);
