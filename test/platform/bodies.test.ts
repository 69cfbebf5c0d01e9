// A body the worker cannot read — a form in another charset, multipart without its boundary, with a
// wrong one or cut short, JSON that is not JSON or not sent as JSON — is a 400 with a clear message,
// never a server error, on public forms, sign-in, staff forms and the JSON API alike; nothing is
// stored. Well-formed bodies (charset=UTF-8, multipart) still go through.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../worker/client";
import { collecting, OPEN_YEAR } from "../worker/fixtures";

const J = "159921";
const TABLES = ["proposals", "sessions", "cycles", "audit_log"] as const;

async function counts() {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>();
    out[t] = row?.n ?? 0;
  }
  return out;
}

let seq = 0;
function proposalFields(): Record<string, string> {
  seq++;
  return {
    idempotencyKey: `bodies-key-${String(seq).padStart(10, "0")}`,
    category: "water",
    title: "Water for the gacha",
    background: "Dry summers",
    content: "Two new wells",
    locationCode: "159921101",
    locationDetail: "Third gacha",
  };
}

/** The routes under test, each with what a well-formed body would carry and who sends it. */
interface Target {
  name: string;
  path: string;
  fields: () => Record<string, string>;
  client: () => Promise<Client>;
}

const TARGETS: Target[] = [
  {
    name: "public proposal form",
    path: `/j/${J}/${OPEN_YEAR}/propose`,
    fields: proposalFields,
    client: async () => new Client("198.51.100.61"),
  },
  {
    name: "sign-in form",
    path: "/login",
    fields: () => ({ username: "staff", password: "minsheng-demo" }),
    client: async () => new Client("198.51.100.62"),
  },
  {
    name: "staff form (new cycle)",
    path: `/j/${J}/cycles`,
    fields: () => ({ year: "2041" }),
    client: () => new Client("198.51.100.63").loginStaff("gov"),
  },
  {
    name: "JSON API (public proposal)",
    path: `/api/jurisdictions/${J}/cycles/${OPEN_YEAR}/proposals`,
    fields: proposalFields,
    client: async () => new Client("198.51.100.64"),
  },
  {
    name: "JSON API (sign-in)",
    path: "/api/auth/login",
    fields: () => ({ username: "staff", password: "minsheng-demo" }),
    client: async () => new Client("198.51.100.65"),
  },
];

function multipart(boundary: string, fields: Record<string, string>): string {
  let s = "";
  for (const [k, v] of Object.entries(fields))
    s += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  return `${s}--${boundary}--\r\n`;
}

/** A malformed body: its content type and bytes, for the fields (with the CSRF token) of a form. */
interface Variant {
  name: string;
  /** Whether the CSRF token travels in the body (as a form does) or only in the header. */
  form: boolean;
  make: (fields: Record<string, string>) => { type: string; body: string };
}

const VARIANTS: Variant[] = [
  {
    name: "form in charset=gbk",
    form: true,
    // 饮水 in GBK, percent-encoded as a GBK page would send it.
    make: (f) => ({
      type: "application/x-www-form-urlencoded; charset=gbk",
      body: `${new URLSearchParams(f)}&note=%D2%FB%CB%AE`,
    }),
  },
  {
    name: "multipart without a boundary",
    form: true,
    make: (f) => ({ type: "multipart/form-data", body: multipart("XyZzY42", f) }),
  },
  {
    name: "multipart with a wrong boundary",
    form: true,
    make: (f) => ({ type: "multipart/form-data; boundary=NotTheOne", body: multipart("XyZzY42", f) }),
  },
  {
    name: "multipart cut short",
    form: true,
    make: (f) => {
      const full = multipart("XyZzY42", { ...f, tail: "x".repeat(200) });
      return { type: "multipart/form-data; boundary=XyZzY42", body: full.slice(0, full.length - 120) };
    },
  },
  {
    name: "invalid JSON",
    form: false,
    make: (f) => ({ type: "application/json", body: `${JSON.stringify(f).slice(0, -5)},,` }),
  },
  {
    name: "JSON sent as text/plain",
    form: false,
    make: (f) => ({ type: "text/plain;charset=UTF-8", body: JSON.stringify(f) }),
  },
];

beforeAll(async () => {
  await collecting();
});

describe("bodies the worker cannot read", () => {
  for (const target of TARGETS) {
    it(`are refused with 400 by the ${target.name}, which stores nothing`, async () => {
      const c = await target.client();
      if (!c.csrf) await c.get("/login");
      const before = await counts();
      for (const variant of VARIANTS) {
        // Form variants are sent both ways: token in the body only, and in the header too.
        for (const header of variant.form ? [false, true] : [true]) {
          const label = `${variant.name}${header ? " (token in header)" : ""}`;
          const fields = variant.form ? { ...target.fields(), _csrf: c.csrf } : target.fields();
          const { type, body } = variant.make(fields);
          const headers: Record<string, string> = { "content-type": type };
          if (header) headers["x-csrf-token"] = c.csrf;
          const res = await c.fetch(target.path, { method: "POST", headers, body });
          const text = await res.text();
          expect.soft(res.status, label).toBe(400);
          expect.soft(text, label).not.toContain("系统出现问题");
        }
      }
      expect(await counts()).toEqual(before);
    });
  }

  it("say why, in the reader's language", async () => {
    const c = new Client("198.51.100.66");
    await c.get("/login");
    const send = (path: string, type: string, body: string) =>
      c.fetch(path, { method: "POST", headers: { "content-type": type, "x-csrf-token": c.csrf }, body });
    const gbk = await send("/login", "application/x-www-form-urlencoded; charset=gbk", "username=a");
    expect(await gbk.text()).toContain("UTF-8");
    const broken = await send("/login", "multipart/form-data", multipart("b", { username: "a" }));
    expect(await broken.text()).toContain("无法读取");
    c.cookies.set("ms_lang", "en");
    const api = `/api/jurisdictions/${J}/cycles/${OPEN_YEAR}/proposals`;
    const plain = (await (await send(api, "text/plain", "{}")).json()) as {
      error: { code: string; reason: string };
    };
    expect(plain.error.code).toBe("invalid_input");
    expect(plain.error.reason).toContain("application/json");
    const bad = (await (await send(api, "application/json", "{")).json()) as {
      error: { code: string; reason: string };
    };
    expect(bad.error.code).toBe("invalid_input");
    expect(bad.error.reason).toContain("not valid JSON");
  });
});

describe("well-formed bodies", () => {
  it("still go through: a form labelled charset=UTF-8, multipart, JSON with a charset", async () => {
    const utf8 = new Client("198.51.100.67");
    await utf8.get("/login");
    const res = await utf8.fetch("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
      body: new URLSearchParams({ username: "staff", password: "minsheng-demo", _csrf: utf8.csrf }),
    });
    expect(res.status).toBe(303);

    const multi = new Client("198.51.100.68");
    const form = new FormData();
    form.set("username", "staff");
    form.set("password", "minsheng-demo");
    expect((await multi.postMultipart("/login", form)).status).toBe(303);

    const api = new Client("198.51.100.69");
    await api.get("/login");
    const json = await api.fetch(`/api/jurisdictions/${J}/cycles/${OPEN_YEAR}/proposals`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "x-csrf-token": api.csrf },
      body: JSON.stringify(proposalFields()),
    });
    expect(json.status).toBe(201);
  });
});
