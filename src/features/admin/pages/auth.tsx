// Sign-in (staff with password, deputies with the code from their slip), sign-out, the personal
// desk, and the language switch.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
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
import type { MessageKey, Translator } from "../../../platform/i18n";
import { bindForm, Field } from "../../../platform/ui/fields";
import { ButtonLink, Layout, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";

export const authPages = createRouter();

/** Where to go after signing in: only a local path, never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/me";
}

/** The demo's accounts and code, shown in local mode only. */
function DemoAccounts(props: { t: Translator }) {
  const { t } = props;
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

type LoginState = { values?: Record<string, string>; fields?: Record<string, string>; error?: string };

/** A sign-in page: its form (`children`, the fields), the way to the other sign-in, the demo accounts. */
function LoginView(props: {
  ctx: PageContext;
  /** Local demo mode: list the demo accounts. */
  demo: boolean;
  title: string;
  action: string;
  state: LoginState;
  other: [string, string];
  /** "You have signed out": the staff page, after the sign-out. */
  out?: boolean;
  children: Child;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      {props.out ? <Notice kind="ok">{t("login.logged_out")}</Notice> : null}
      {props.state.error ? <Notice kind="error">{props.state.error}</Notice> : null}
      <PostForm ctx={ctx} action={props.action} class="card narrow">
        {props.children}
        <button type="submit">{t("login.submit")}</button>
      </PostForm>
      <p>
        <a href={props.other[0]}>{props.other[1]}</a>
      </p>
      {props.demo ? <DemoAccounts t={t} /> : null}
    </Layout>
  );
}

/**
 * The two sign-ins: their address, title and way to the other one, the field kept as typed after a
 * refusal, and how they sign in.
 */
const SIGN_INS = {
  staff: {
    path: "/login",
    title: "login.staff",
    other: ["/login/deputy", "login.deputy.link"],
    keep: "username",
    login: loginStaff,
  },
  deputy: {
    path: "/login/deputy",
    title: "login.deputy",
    other: ["/login", "login.staff.link"],
    keep: "code",
    login: loginDeputy,
  },
} as const;

type SignIn = keyof typeof SIGN_INS;

/** What a sign-in asks: staff their username and password, a deputy the code from the slip. */
function LoginFields(props: { kind: SignIn; t: Translator; f: ReturnType<typeof bindForm> }) {
  const { t, f } = props;
  if (props.kind === "deputy") {
    return (
      <Field
        {...f("code")}
        label={t("login.code")}
        hint={t("login.code.hint")}
        autocomplete="one-time-code"
        required
      />
    );
  }
  return (
    <>
      <Field {...f("username")} label={t("login.username")} autocomplete="username" required />
      <Field
        name="password"
        type="password"
        label={t("login.password")}
        error={f("password").error}
        autocomplete="current-password"
        required
      />
    </>
  );
}

/** A sign-in page; staff come back to `?next=` once signed in, and see "signed out" after `?out=`. */
function loginPage(c: Context<AppEnv>, kind: SignIn, state: LoginState = {}, status = 200) {
  const { t } = c.var;
  const s = SIGN_INS[kind];
  const staff = kind === "staff";
  const next = staff ? c.req.query("next") : undefined;
  return c.html(
    <LoginView
      ctx={pageContext(c)}
      demo={c.env.ENVIRONMENT === "local"}
      title={t(s.title)}
      action={`${s.path}${next ? `?next=${encodeURIComponent(next)}` : ""}`}
      state={state}
      other={[s.other[0], t(s.other[1])]}
      out={staff && Boolean(c.req.query("out"))}
    >
      <LoginFields kind={kind} t={t} f={bindForm(state.values ?? {}, state.fields)} />
    </LoginView>,
    status as 200,
  );
}

const KNOWN_REFUSALS = [
  "invalid_input",
  "bad_credentials",
  "bad_code",
  "credential_expired",
  "credential_revoked",
  "rate_limited",
];

/**
 * Signs in as `kind` and goes to `next`. A refusal comes back to the sign-in page with its message
 * and the field the sign-in keeps as typed (never a password); anything else propagates.
 */
async function signIn(c: Context<AppEnv>, kind: SignIn, next: string) {
  const { login, keep } = SIGN_INS[kind];
  const fields = await formFields(c);
  try {
    const s = await login(c.var.db, fields, c.req.header("cf-connecting-ip") ?? "local", c.var.now);
    writeCookie(c, SESSION_COOKIE, s.token, Math.ceil((s.expiresAt - c.var.now) / 1000));
  } catch (e) {
    if (!(e instanceof AppError) || !KNOWN_REFUSALS.includes(e.code)) throw e;
    const error = c.var.t(`error.${e.code}` as MessageKey);
    const values = { [keep]: fields[keep] ?? "" };
    return loginPage(
      c,
      kind,
      { values, error, ...(e.fields ? { fields: translateFields(c, e.fields) } : {}) },
      e.status,
    );
  }
  return c.redirect(next, 303);
}

authPages.get("/login", (c) => loginPage(c, "staff"));
authPages.post("/login", (c) => signIn(c, "staff", safeNext(c.req.query("next"))));

authPages.get("/login/deputy", (c) =>
  loginPage(c, "deputy", { values: { code: c.req.query("code") ?? "" } }),
);
authPages.post("/login/deputy", (c) => signIn(c, "deputy", "/me"));

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
      {actor.role === "admin" ? <ButtonLink href="/admin">{t("me.admin_link")}</ButtonLink> : null}
      {actor.kind === "deputy" ? <ButtonLink href="/me/supervision">{t("sup.mine.title")}</ButtonLink> : null}
      <ButtonLink href={`/j/${j.code}`}>{jurisdictionName(c, j)}</ButtonLink>
    </Layout>,
  );
});

authPages.get("/lang", (c) => {
  const to = c.req.query("to") === "en" ? "en" : "zh-CN";
  writeCookie(c, LANG_COOKIE, to, 60 * 60 * 24 * 365);
  const back = c.req.query("back");
  return c.redirect(back && /^\/(?!\/)/.test(back) ? back : "/", 303);
});
