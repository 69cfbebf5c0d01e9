// The interface's texts: each key is defined in exactly one catalogue (the platform's or one
// feature's messages.ts), so no feature's text silently replaces another's when src/messages.ts
// spreads them together, and Chinese and English have the same keys everywhere.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "../../src/messages";

const root = path.resolve(import.meta.dirname, "../..");
const features = readdirSync(path.join(root, "src/features"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

async function catalogues() {
  const out: { name: string; zh: Record<string, string>; en: Record<string, string> }[] = [];
  const platform = await import("../../src/platform/i18n/messages");
  out.push({ name: "platform", zh: platform.zh, en: platform.en });
  for (const f of features) {
    const m = await import(`../../src/features/${f}/messages.ts`);
    out.push({ name: f, zh: m.zh, en: m.en });
  }
  return out;
}

describe("the message catalogues", () => {
  it("define every key once, in the platform's or one feature's messages.ts", async () => {
    const where = new Map<string, string[]>();
    for (const c of await catalogues())
      for (const key of Object.keys(c.zh)) where.set(key, [...(where.get(key) ?? []), c.name]);
    const twice = [...where].filter(([, names]) => names.length > 1).map(([k, n]) => `${k}: ${n.join(", ")}`);
    expect(twice).toEqual([]);
    expect(where.size).toBe(Object.keys(MESSAGES["zh-CN"]).length);
  });

  it("have the same keys in Chinese and English, none empty", async () => {
    for (const c of await catalogues()) {
      expect(Object.keys(c.en).sort(), c.name).toEqual(Object.keys(c.zh).sort());
      expect(
        Object.values(c.zh).filter((s) => s.trim() === ""),
        c.name,
      ).toEqual([]);
    }
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES["zh-CN"]).sort());
  });
});
