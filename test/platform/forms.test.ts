// Bad input on every form gets field-level errors in the user's language and stores nothing;
// the JSON API answers in one error shape and never echoes what was sent.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../worker/client";
import { collecting, OPEN_YEAR, SUPERVISED } from "../worker/fixtures";

const TABLES = ["cycles", "deputies", "deputy_credentials", "sessions", "audit_log"] as const;

async function counts() {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>();
    out[t] = row?.n ?? 0;
  }
  return out;
}

/** The field-level error shown next to input `name`, or null. */
function fieldError(html: string, name: string): string | null {
  const m = html.match(new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`));
  return m?.[1] ?? null;
}

let staff: Client;
let gov: Client;

beforeAll(async () => {
  await collecting();
  staff = await new Client("192.0.2.50").loginStaff("staff");
  gov = await new Client("192.0.2.51").loginStaff("gov");
});

describe("forms refuse bad input field by field", () => {
  it("staff sign-in: both fields required", async () => {
    const before = await counts();
    const res = await new Client("192.0.2.52").post("/login", { username: " ", password: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "username")).toBe("此项必填。");
    expect(fieldError(html, "password")).toBe("此项必填。");
    expect(await counts()).toEqual(before);
  });

  it("deputy sign-in: code required and well-formed", async () => {
    const before = await counts();
    const c = new Client("192.0.2.53");
    expect(fieldError(await (await c.post("/login/deputy", { code: "" })).text(), "code")).toBe("此项必填。");
    expect(fieldError(await (await c.post("/login/deputy", { code: "12ab" })).text(), "code")).toBe(
      "登录码应为 12 位字母或数字。",
    );
    expect(await counts()).toEqual(before);
  });

  it("new cycle: year must be a whole number in range and not taken", async () => {
    const before = await counts();
    const year = SUPERVISED;
    for (const [value, message] of [
      ["", "此项必填。"],
      ["abc", "请填写整数。"],
      ["1999", "数值超出允许范围。"],
      [String(year), "该年度的票决已存在。"],
    ] as const) {
      const res = await gov.post("/j/159921/cycles", { year: value });
      expect(res.status, value).toBe(400);
      expect(fieldError(await res.text(), "year"), value).toBe(message);
    }
    expect(await counts()).toEqual(before);
  });

  it("roster import: term and file are checked, a sheet without a header is refused whole", async () => {
    const before = await counts();
    const noFile = new FormData();
    noFile.set("term", "0");
    const res = await staff.postMultipart("/j/159921/roster/import", noFile);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "file")).toBe("此项必填。");
    const noHeader = new FormData();
    noHeader.set("term", "17");
    noHeader.set("file", new File(["a,b,c\n1,2,3\n"], "x.csv", { type: "text/csv" }));
    const res2 = await staff.postMultipart("/j/159921/roster/import", noHeader);
    expect(res2.status).toBe(400);
    expect(fieldError(await res2.text(), "file")).toContain("找不到表头");
    const badTerm = new FormData();
    badTerm.set("term", "0");
    badTerm.set("file", new File(["代表证号,姓名,代表团\n900,测试,一团\n"], "x.csv", { type: "text/csv" }));
    const res3 = await staff.postMultipart("/j/159921/roster/import", badTerm);
    expect(res3.status).toBe(400);
    expect(fieldError(await res3.text(), "term")).toBe("数值超出允许范围。");
    expect(await counts()).toEqual(before);
  });

  it("sign-in slips: validity must be 1–90 days", async () => {
    const before = await counts();
    const res = await staff.json("/api/jurisdictions/159921/credentials", "POST", { deputies: [1], days: 0 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.fields.days).toBe("数值超出允许范围。");
    expect(await counts()).toEqual(before);
  });

  it("stage move: the stages must be real stages", async () => {
    const before = await counts();
    const year = OPEN_YEAR;
    const res = await gov.json(`/api/jurisdictions/159921/cycles/${year}/advance`, "POST", {
      from: "nowhere",
      to: 7,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(["from", "to"]);
    expect(await counts()).toEqual(before);
  });
});

describe("the JSON error shape", () => {
  it("has code, message and fields, in English when asked, and never echoes the input", async () => {
    const c = new Client("192.0.2.54");
    c.cookies.set("ms_lang", "en");
    const secret = "hunter2-SECRET-<script>";
    const res = await c.json("/api/auth/login", "POST", { username: secret, password: "" });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    const body = JSON.parse(text) as {
      error: { code: string; message: string; fields: Record<string, string> };
    };
    expect(body).toEqual({
      error: {
        code: "invalid_input",
        message: "Some fields need correcting.",
        fields: { password: "Required." },
      },
    });
  });

  it("answers malformed JSON with invalid_input", async () => {
    const c = new Client("192.0.2.55");
    await c.get("/login");
    const res = await c.fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": c.csrf },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  });
});
