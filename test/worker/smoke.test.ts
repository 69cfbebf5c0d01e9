import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/data/db";
import { seedDemo } from "../../src/demo/seed";

describe("smoke", () => {
  it("serves the home page with the demo jurisdictions", async () => {
    await seedDemo(createDb(env.DB), { iterations: 1000 });
    const res = await SELF.fetch("https://example.com/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("青山旗");
  });
});
