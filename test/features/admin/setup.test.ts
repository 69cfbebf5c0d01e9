// The one-time setup of a new deployment: only with the SETUP_TOKEN secret, only on an empty system.
import { describe, expect, it } from "vitest";
import { Client } from "../../worker/client";

describe("first-time setup (empty database: this file loads no demo data)", () => {
  const form = {
    code: "150781",
    level: "county",
    name: "某旗",
    nameEn: "Some Banner",
    username: "root-admin",
    displayName: "某旗人大常委会 系统管理员",
    password: "first-admin-password",
  };

  it("refuses a wrong token, then creates the top jurisdiction and the first administrator, once", async () => {
    const c = new Client("192.0.2.80");
    expect((await c.get("/setup")).status).toBe(200);
    const wrong = await c.post("/setup", { ...form, token: "guess" });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain("设置口令不正确");
    expect((await c.post("/setup", { ...form, token: "test-setup-token" })).status).toBe(303);
    const adm = await new Client("192.0.2.81").loginStaff("root-admin", form.password);
    expect((await adm.get("/admin")).status).toBe(200);
    // Never again.
    expect((await c.get("/setup")).status).toBe(404);
    expect((await c.post("/setup", { ...form, username: "second", token: "test-setup-token" })).status).toBe(
      404,
    );
  });
});
