import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { seeded } from "../worker/client";

describe("smoke", () => {
  it("serves the home page with the demo jurisdictions", async () => {
    await seeded();
    const res = await SELF.fetch("https://example.com/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("青山旗");
  });
});
