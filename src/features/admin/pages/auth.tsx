// Sign-in (staff with password, deputies with the code from their slip), sign-out, the personal
// desk, and the language switch.
import type { Context } from "hono";
import { DEMO_ACCOUNTS, DEMO_DEPUTY_CODE, DEMO_PASSWORD } from "../../../demo/seed";
import { loginDeputy, loginStaff, logout } from "../../../platform/auth/sessions";
import { getJurisdiction } from "../../../platform/cycle/jurisdictions";
import { createRouter, pageContext } from "../../../platform/http/app";
import {
  clearCookie,
  LANG_COOKIE,
  readCookie,
  SESSION_COOKIE,
  writeCookie,
} from "../../../platform/http/cookies";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, requireActor, translateFields } from "../../../platform/http/forms";
import type { MessageKey } from "../../../platform/i18n";
import { Field } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm } from "../../../platform/ui/layout";

export const authPages = createRouter();

/** Where to go after signing in: only a local path, never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/me";
}

function clientAddress(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "local";
}

function DemoAccounts(props: { c: Context<AppEnv> }) {
  const { t } = props.c.var;
  if (props.c.env.ENVIRONMENT !== "local") return null;
  return (
    <aside class="card demo" aria-labelledby="demo-title">
      <h2 id="demo-title">{t("login.demo.title")}</h2>
      <p>{t("login.demo.password", { password: DEMO_PASSWORD })}</p>
      <ul>
        {DEMO_ACCOUNTS.map((a) => (
          <li>
            <code>{a.username}</code> — {t(`role.${a.role}`)}，{a.name}
          </li>
        ))}
      </ul>
      <p>{t("login.demo.code", { code: DEMO_DEPUTY_CODE })}</p>
    </aside>
  );
}

function staffLoginPage(
  c: Context<AppEnv>,
  state: { username?: string; fields?: Record<string, string>; error?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const next = c.req.query("next");
  return c.html(
    <Layout ctx={ctx} title={t("login.staff")}>
      <h1>{t("login.staff")}</h1>
      {c.req.query("out") ? <Notice kind="ok">{t("login.logged_out")}</Notice> : null}
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <PostForm
        ctx={ctx}
        action={`/login${next ? `?next=${encodeURIComponent(next)}` : ""}`}
        class="card narrow"
      >
        <Field
          name="username"
          label={t("login.username")}
          value={state.username}
          error={state.fields?.username}
          autocomplete="username"
          required
        />
        <Field
          name="password"
          type="password"
          label={t("login.password")}
          error={state.fields?.password}
          autocomplete="current-password"
          required
        />
        <button type="submit">{t("login.submit")}</button>
      </PostForm>
      <p>
        <a href="/login/deputy">{t("login.deputy.link")}</a>
      </p>
      <DemoAccounts c={c} />
    </Layout>,
    status as 200,
  );
}

function deputyLoginPage(
  c: Context<AppEnv>,
  state: { code?: string; fields?: Record<string, string>; error?: string } = {},
  status = 200,
) {
  const ctx = pageContext(c);
  const { t } = ctx;
  return c.html(
    <Layout ctx={ctx} title={t("login.deputy")}>
      <h1>{t("login.deputy")}</h1>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <PostForm ctx={ctx} action="/login/deputy" class="card narrow">
        <Field
          name="code"
          label={t("login.code")}
          hint={t("login.code.hint")}
          value={state.code}
          error={state.fields?.code}
          autocomplete="one-time-code"
          required
        />
        <button type="submit">{t("login.submit")}</button>
      </PostForm>
      <p>
        <a href="/login">{t("login.staff.link")}</a>
      </p>
      <DemoAccounts c={c} />
    </Layout>,
    status as 200,
  );
}

function startSession(c: Context<AppEnv>, s: { token: string; expiresAt: number }) {
  writeCookie(c, SESSION_COOKIE, s.token, Math.ceil((s.expiresAt - c.var.now) / 1000));
}

/** Turns a sign-in failure into the page with the right message; anything else propagates. */
function loginFailure(e: unknown, c: Context<AppEnv>) {
  if (!(e instanceof AppError)) throw e;
  const fields = e.fields ? translateFields(c, e.fields) : undefined;
  const known = [
    "invalid_input",
    "bad_credentials",
    "bad_code",
    "credential_expired",
    "credential_revoked",
    "rate_limited",
  ];
  if (!known.includes(e.code)) throw e;
  return { error: c.var.t(`error.${e.code}` as MessageKey), fields, status: e.status };
}

authPages.get("/login", (c) => staffLoginPage(c));
authPages.post("/login", async (c) => {
  const fields = await formFields(c);
  try {
    startSession(c, await loginStaff(c.var.db, fields, clientAddress(c), c.var.now));
  } catch (e) {
    const f = loginFailure(e, c);
    return staffLoginPage(
      c,
      { username: fields.username ?? "", error: f.error, ...(f.fields ? { fields: f.fields } : {}) },
      f.status,
    );
  }
  return c.redirect(safeNext(c.req.query("next")), 303);
});

authPages.get("/login/deputy", (c) => deputyLoginPage(c, { code: c.req.query("code") ?? "" }));
authPages.post("/login/deputy", async (c) => {
  const fields = await formFields(c);
  try {
    startSession(c, await loginDeputy(c.var.db, fields, clientAddress(c), c.var.now));
  } catch (e) {
    const f = loginFailure(e, c);
    return deputyLoginPage(
      c,
      { code: fields.code ?? "", error: f.error, ...(f.fields ? { fields: f.fields } : {}) },
      f.status,
    );
  }
  return c.redirect("/me", 303);
});

authPages.post("/logout", async (c) => {
  await logout(c.var.db, readCookie(c, SESSION_COOKIE) ?? "");
  clearCookie(c, SESSION_COOKIE);
  return c.redirect("/login?out=1", 303);
});

authPages.get("/me", async (c) => {
  const actor = requireActor(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const j = await getJurisdiction(c.var.db, actor.jurisdictionCode);
  return c.html(
    <Layout ctx={ctx} title={t("me.title")}>
      <h1>{t("me.title")}</h1>
      <p>
        {t("me.signed_in_as", {
          name: actor.name,
          role: t(`role.${actor.role}`),
          jurisdiction: jurisdictionName(c, j),
        })}
      </p>
      <p>{t("me.can")}</p>
      <p class="card">{t(`me.can.${actor.role}`)}</p>
      {actor.role === "admin" ? (
        <p>
          <a class="button" href="/admin">
            {t("me.admin_link")}
          </a>
        </p>
      ) : null}
      {actor.kind === "deputy" ? (
        <p>
          <a class="button" href="/me/supervision">
            {t("sup.mine.title")}
          </a>
        </p>
      ) : null}
      <p>
        <a class="button" href={`/j/${j.code}`}>
          {jurisdictionName(c, j)}
        </a>
      </p>
    </Layout>,
  );
});

authPages.get("/lang", (c) => {
  const to = c.req.query("to") === "en" ? "en" : "zh-CN";
  writeCookie(c, LANG_COOKIE, to, 60 * 60 * 24 * 365);
  const back = c.req.query("back");
  return c.redirect(back && /^\/(?!\/)/.test(back) ? back : "/", 303);
});
