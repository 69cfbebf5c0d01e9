// Administration: accounts and jurisdictions in the administrator's subtree, and the one-time
// setup of a new deployment.
import type { Context } from "hono";
import { STAFF_ROLES } from "../../../platform/auth/actor";
import { requireAccess } from "../../../platform/auth/permissions";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, jurisdictionName, withFieldErrors } from "../../../platform/http/forms";
import type { MessageKey } from "../../../platform/i18n";
import { timingSafeEqual } from "../../../platform/lib/crypto";
import { Field, Select } from "../../../platform/ui/fields";
import { Layout, Notice, PostForm, TableWrap } from "../../../platform/ui/layout";
import {
  accountsIn,
  createAccount,
  createJurisdiction,
  deactivateAccount,
  getAccount,
  hasAnyAccount,
  resetPassword,
  setupFirstAdmin,
  subtreeOf,
} from "../accounts";

export const adminPages = createRouter();

type FormState = { values?: Record<string, string>; fields?: Record<string, string> };

async function requireAdmin(c: Context<AppEnv>) {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated");
  return (await requireAccess(c.var.db, actor, actor.jurisdictionCode, "admin.manage")).actor;
}

async function adminPage(
  c: Context<AppEnv>,
  state: { account?: FormState; jurisdiction?: FormState; done?: string } = {},
  status = 200,
) {
  const actor = await requireAdmin(c);
  const ctx = pageContext(c);
  const { t } = ctx;
  const [tree, accounts] = await Promise.all([subtreeOf(c.var.db, actor), accountsIn(c.var.db, actor)]);
  const jOptions: [string, string][] = tree.map((j) => [j.code, `${jurisdictionName(c, j)}（${j.code}）`]);
  const nameOf = new Map(tree.map((j) => [j.code, jurisdictionName(c, j)]));
  const a = state.account ?? {};
  const jf = state.jurisdiction ?? {};
  const done = state.done ?? c.req.query("done");
  return c.html(
    <Layout ctx={ctx} title={t("admin.title")} wide>
      <h1>{t("admin.title")}</h1>
      {done ? <Notice kind="ok">{t(`admin.done.${done}` as MessageKey)}</Notice> : null}
      <h2>{t("admin.accounts")}</h2>
      <TableWrap label={t("admin.accounts")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("login.username")}</th>
              <th scope="col">{t("admin.display_name")}</th>
              <th scope="col">{t("admin.role")}</th>
              <th scope="col">{t("admin.jurisdiction")}</th>
              <th scope="col">{t("admin.state")}</th>
              <th scope="col">{t("jur.links")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((u) => (
              <tr>
                <th scope="row">
                  <code>{u.username}</code>
                </th>
                <td>
                  {u.displayName}
                  {u.unitName ? `（${u.unitName}）` : ""}
                </td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{nameOf.get(u.jurisdictionCode) ?? u.jurisdictionCode}</td>
                <td>{u.active ? t("admin.active") : t("admin.inactive")}</td>
                <td>
                  <a href={`/admin/accounts/${u.id}`}>{t("admin.manage_account", { name: u.username })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <PostForm ctx={ctx} action="/admin/accounts" class="card">
        <h3>{t("admin.new_account")}</h3>
        <Field
          name="username"
          label={t("login.username")}
          hint={t("admin.username_hint")}
          value={a.values?.username}
          error={a.fields?.username}
          autocomplete="off"
          required
        />
        <Field
          name="displayName"
          label={t("admin.display_name")}
          value={a.values?.displayName}
          error={a.fields?.displayName}
          required
        />
        <Select
          name="role"
          label={t("admin.role")}
          options={[["", "—"], ...STAFF_ROLES.map((r) => [r, t(`role.${r}`)] as [string, string])]}
          value={a.values?.role}
          error={a.fields?.role}
        />
        <Select
          name="jurisdiction"
          label={t("admin.jurisdiction")}
          options={jOptions}
          value={a.values?.jurisdiction}
          error={a.fields?.jurisdiction}
        />
        <Field
          name="unitName"
          label={t("admin.unit_name")}
          hint={t("admin.unit_hint")}
          value={a.values?.unitName}
          error={a.fields?.unitName}
        />
        <Field
          name="password"
          type="password"
          label={t("admin.initial_password")}
          hint={t("admin.password_hint")}
          error={a.fields?.password}
          autocomplete="new-password"
          required
        />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
      <h2>{t("admin.jurisdictions")}</h2>
      <ul class="tree">
        {tree.map((j) => (
          <li class={`level-${j.level}`}>
            {jurisdictionName(c, j)}{" "}
            <span class="muted">
              {j.code} · {t(`level.${j.level}`)}
            </span>
          </li>
        ))}
      </ul>
      <PostForm ctx={ctx} action="/admin/jurisdictions" class="card">
        <h3>{t("admin.new_jurisdiction")}</h3>
        <Select
          name="parent"
          label={t("admin.parent")}
          options={tree
            .filter((j) => j.level !== "township")
            .map((j) => [j.code, `${jurisdictionName(c, j)}（${j.code}）`])}
          value={jf.values?.parent}
          error={jf.fields?.parent}
        />
        <Field
          name="code"
          label={t("admin.code")}
          hint={t("admin.code_hint")}
          inputmode="numeric"
          value={jf.values?.code}
          error={jf.fields?.code}
          required
        />
        <Field
          name="name"
          label={t("admin.name_zh")}
          value={jf.values?.name}
          error={jf.fields?.name}
          required
        />
        <Field
          name="nameEn"
          label={t("admin.name_en")}
          value={jf.values?.nameEn}
          error={jf.fields?.nameEn}
          required
        />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

adminPages.get("/admin", (c) => adminPage(c));

adminPages.post("/admin/accounts", async (c) => {
  const actor = await requireAdmin(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => createAccount(c.var.db, actor, values, c.var.now));
  if (!r.ok) return adminPage(c, { account: { values: { ...values, password: "" }, fields: r.fields } }, 400);
  return c.redirect("/admin?done=account", 303);
});

adminPages.post("/admin/jurisdictions", async (c) => {
  const actor = await requireAdmin(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => createJurisdiction(c.var.db, actor, values, c.var.now));
  if (!r.ok) return adminPage(c, { jurisdiction: { values, fields: r.fields } }, 400);
  return c.redirect("/admin?done=jurisdiction", 303);
});

async function accountPage(c: Context<AppEnv>, fields: Record<string, string> = {}, status = 200) {
  const actor = await requireAdmin(c);
  const user = await getAccount(c.var.db, actor, Number(c.req.param("id")));
  const ctx = pageContext(c);
  const { t } = ctx;
  return c.html(
    <Layout ctx={ctx} title={t("admin.manage_account", { name: user.username })}>
      <p class="crumbs">
        <a href="/admin">{t("admin.title")}</a>
      </p>
      <h1>{t("admin.manage_account", { name: user.username })}</h1>
      <p>
        {user.displayName} · {t(`role.${user.role}`)} ·{" "}
        {user.active ? t("admin.active") : t("admin.inactive")}
      </p>
      <PostForm ctx={ctx} action={`/admin/accounts/${user.id}/password`} class="card">
        <h2>{t("admin.reset_password")}</h2>
        <Field
          name="password"
          type="password"
          label={t("admin.new_password")}
          hint={t("admin.password_hint")}
          error={fields.password}
          autocomplete="new-password"
          required
        />
        <button type="submit">{t("admin.reset_password")}</button>
      </PostForm>
      {user.active && user.id !== actor.id ? (
        <PostForm ctx={ctx} action={`/admin/accounts/${user.id}/deactivate`} class="card">
          <h2>{t("admin.deactivate")}</h2>
          <p>{t("admin.deactivate_text")}</p>
          <div class={fields.confirm ? "field has-error" : "field"}>
            {fields.confirm ? (
              <p class="error" id="f-confirm-error">
                {fields.confirm}
              </p>
            ) : null}
            <label class="check">
              <input
                type="checkbox"
                name="confirm"
                value="1"
                aria-describedby={fields.confirm ? "f-confirm-error" : undefined}
              />{" "}
              {t("admin.deactivate_confirm", { name: user.username })}
            </label>
          </div>
          <button type="submit" class="danger">
            {t("admin.deactivate")}
          </button>
        </PostForm>
      ) : null}
    </Layout>,
    status as 200,
  );
}

adminPages.get("/admin/accounts/:id{[0-9]+}", (c) => accountPage(c));

adminPages.post("/admin/accounts/:id{[0-9]+}/password", async (c) => {
  const actor = await requireAdmin(c);
  const r = await withFieldErrors(c, async () =>
    resetPassword(c.var.db, actor, Number(c.req.param("id")), await formFields(c), c.var.now),
  );
  if (!r.ok) return accountPage(c, r.fields, 400);
  return c.redirect("/admin?done=password", 303);
});

adminPages.post("/admin/accounts/:id{[0-9]+}/deactivate", async (c) => {
  const actor = await requireAdmin(c);
  // Irreversible enough to ask twice: the form must carry the ticked confirmation.
  if ((await formFields(c)).confirm !== "1")
    return accountPage(c, { confirm: c.var.t("admin.deactivate_unconfirmed") }, 400);
  await deactivateAccount(c.var.db, actor, Number(c.req.param("id")), c.var.now);
  return c.redirect("/admin?done=deactivated", 303);
});

// ---- One-time setup of a new deployment ------------------------------------------------------

async function setupAllowed(c: Context<AppEnv>): Promise<boolean> {
  return Boolean(c.env.SETUP_TOKEN) && !(await hasAnyAccount(c.var.db));
}

function setupPage(c: Context<AppEnv>, state: FormState & { error?: string } = {}, status = 200) {
  const ctx = pageContext(c);
  const { t } = ctx;
  const v = state.values ?? {};
  const f = state.fields ?? {};
  return c.html(
    <Layout ctx={ctx} title={t("setup.title")}>
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <PostForm ctx={ctx} action="/setup" class="card">
        <Field
          name="token"
          type="password"
          label={t("setup.token")}
          hint={t("setup.token_hint")}
          error={f.token}
          autocomplete="off"
          required
        />
        <Field
          name="code"
          label={t("admin.code")}
          hint={t("admin.code_hint")}
          inputmode="numeric"
          value={v.code}
          error={f.code}
          required
        />
        <Select
          name="level"
          label={t("setup.level")}
          options={(["city", "county", "township"] as const).map((l) => [l, t(`level.${l}`)])}
          value={v.level}
          error={f.level}
        />
        <Field name="name" label={t("admin.name_zh")} value={v.name} error={f.name} required />
        <Field name="nameEn" label={t("admin.name_en")} value={v.nameEn} error={f.nameEn} required />
        <Field
          name="username"
          label={t("login.username")}
          hint={t("admin.username_hint")}
          value={v.username}
          error={f.username}
          required
        />
        <Field
          name="displayName"
          label={t("admin.display_name")}
          value={v.displayName}
          error={f.displayName}
          required
        />
        <Field
          name="password"
          type="password"
          label={t("admin.initial_password")}
          hint={t("admin.password_hint")}
          error={f.password}
          autocomplete="new-password"
          required
        />
        <button type="submit">{t("setup.submit")}</button>
      </PostForm>
    </Layout>,
    status as 200,
  );
}

adminPages.get("/setup", async (c) => {
  if (!(await setupAllowed(c))) throw new AppError("not_found");
  return setupPage(c);
});

adminPages.post("/setup", async (c) => {
  if (!(await setupAllowed(c))) throw new AppError("not_found");
  const values = await formFields(c);
  const enc = new TextEncoder();
  if (!timingSafeEqual(enc.encode(values.token ?? ""), enc.encode(c.env.SETUP_TOKEN ?? ""))) {
    return setupPage(
      c,
      { values: { ...values, token: "", password: "" }, fields: { token: c.var.t("setup.token_wrong") } },
      403,
    );
  }
  const r = await withFieldErrors(c, () => setupFirstAdmin(c.var.db, values, c.var.now));
  if (!r.ok) return setupPage(c, { values: { ...values, token: "", password: "" }, fields: r.fields }, 400);
  return c.redirect("/login?next=/admin", 303);
});
