// Administration: accounts and jurisdictions in the administrator's subtree, and the one-time setup.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { jurisdictions, users } from "../../../src/platform/data/schema";
import { Client, seeded } from "../../worker/client";

let admin: Client;

beforeAll(async () => {
  await seeded();
  admin = await new Client("192.0.2.70").loginStaff("admin");
});

function fieldError(html: string, name: string): string | null {
  return html.match(new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`))?.[1] ?? null;
}

describe("accounts", () => {
  const account = {
    username: "Wang.Fagai",
    displayName: "白云旗发改委 王科长",
    role: "gov",
    jurisdiction: "159922",
    unitName: "",
    password: "a-long-enough-password",
  };

  it("creates an account that can sign in, with its username lower-cased", async () => {
    expect((await admin.post("/admin/accounts", account)).status).toBe(303);
    const c = await new Client("192.0.2.71").loginStaff("wang.fagai", account.password);
    expect(await (await c.get("/me")).text()).toContain("白云旗发改委 王科长");
  });

  it("refuses a taken username, a short password, a unit without its name, and a place outside the subtree", async () => {
    const db = await seeded();
    const n = (await db.select().from(users)).length;
    const taken = await (await admin.post("/admin/accounts", account)).text();
    expect(fieldError(taken, "username")).toBe("该用户名已被使用。");
    const short = await (
      await admin.post("/admin/accounts", { ...account, username: "x-user", password: "short" })
    ).text();
    expect(fieldError(short, "password")).toBe("密码至少 10 个字符。");
    const unit = await (
      await admin.post("/admin/accounts", { ...account, username: "unit-2", role: "unit" })
    ).text();
    expect(fieldError(unit, "unitName")).toBe("此项必填。");
    const away = await (
      await admin.post("/admin/accounts", { ...account, username: "away", jurisdiction: "110101" })
    ).text();
    expect(fieldError(away, "jurisdiction")).toBe("不在您管理范围内的行政区划。");
    expect((await db.select().from(users)).length).toBe(n);
  });

  it("deactivates an account (signing it out) and a password reset brings it back", async () => {
    const db = await seeded();
    const victim = await new Client("192.0.2.72").loginStaff("gov-by");
    const [u] = await db.select().from(users).where(eq(users.username, "gov-by"));
    const confirm = await admin.get(`/admin/accounts/${u?.id}`);
    expect(await confirm.text()).toContain("停用后该账号立即退出登录");
    const unconfirmed = await admin.post(`/admin/accounts/${u?.id}/deactivate`);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("请勾选确认后再停用");
    expect((await victim.get("/me")).status).toBe(200);
    expect((await admin.post(`/admin/accounts/${u?.id}/deactivate`, { confirm: "1" })).status).toBe(303);
    expect((await victim.get("/me")).status).toBe(303);
    expect(
      (await new Client("192.0.2.73").post("/login", { username: "gov-by", password: "minsheng-demo" }))
        .status,
    ).toBe(401);
    expect(
      (await admin.post(`/admin/accounts/${u?.id}/password`, { password: "new-password-123" })).status,
    ).toBe(303);
    await new Client("192.0.2.73").loginStaff("gov-by", "new-password-123");
  });

  it("does not let an administrator deactivate themself", async () => {
    const db = await seeded();
    const [me] = await db.select().from(users).where(eq(users.username, "admin"));
    expect((await admin.post(`/admin/accounts/${me?.id}/deactivate`, { confirm: "1" })).status).toBe(403);
  });
});

describe("jurisdictions", () => {
  it("adds a township under a banner, and refuses codes that do not fit the level", async () => {
    expect(
      (
        await admin.post("/admin/jurisdictions", {
          parent: "159921",
          code: "159921103",
          name: "石门镇",
          nameEn: "Shimen Town",
        })
      ).status,
    ).toBe(303);
    const db = await seeded();
    const [row] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, "159921103"));
    expect(row).toMatchObject({ level: "township", path: "/159900/159921/159921103/" });
    const wrong = await (
      await admin.post("/admin/jurisdictions", { parent: "159921", code: "159923", name: "x", nameEn: "x" })
    ).text();
    expect(fieldError(wrong, "code")).toContain("6 位");
    const under = await (
      await admin.post("/admin/jurisdictions", {
        parent: "159921103",
        code: "159921103",
        name: "x",
        nameEn: "x",
      })
    ).text();
    expect(fieldError(under, "parent")).toBe("苏木乡镇下不能再设下级。");
  });
});
