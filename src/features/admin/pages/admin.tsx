// Administration: accounts and jurisdictions in the administrator's subtree. The one-time setup
// of a new deployment (./setup.tsx) shares the fields of a new account and a new jurisdiction.
import type { Context } from "hono";
import { STAFF_ROLES } from "../../../platform/auth/actor";
import { type Grant, requireAccess } from "../../../platform/auth/permissions";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { formFields, jurisdictionName, requireActor, withFieldErrors } from "../../../platform/http/forms";
import type { MessageKey, Translator } from "../../../platform/i18n";
import { bindForm, Checkbox, Field, Select } from "../../../platform/ui/fields";
import { DataTable, Layout, Notice, type PageContext, PostForm } from "../../../platform/ui/layout";
import {
  accountsIn,
  createAccount,
  createJurisdiction,
  deactivateAccount,
  getAccount,
  resetPassword,
  subtreeOf,
} from "../accounts";

export const adminPages = createRouter();

export type FormState = { values?: Record<string, string>; fields?: Record<string, string> };

type Bound = ReturnType<typeof bindForm>;

// ---- Fields shared with the one-time setup ------------------------------------------------------

/** A new account's username and display name. */
export function AccountNameFields(props: { t: Translator; f: Bound }) {
  const { t, f } = props;
  return (
    <>
      <Field
        {...f("username")}
        label={t("login.username")}
        hint={t("admin.username_hint")}
        autocomplete="off"
        required
      />
      <Field {...f("displayName")} label={t("admin.display_name")} required />
    </>
  );
}

/** A password the administrator sets (never shown again, so never sent back to the form). */
export function NewPasswordField(props: { t: Translator; f: Bound; label: MessageKey }) {
  const { t, f } = props;
  return (
    <Field
      name="password"
      type="password"
      label={t(props.label)}
      hint={t("admin.password_hint")}
      error={f("password").error}
      autocomplete="new-password"
      required
    />
  );
}

/** A new jurisdiction's code (6 or 9 digits). */
export function JurisdictionCodeField(props: { t: Translator; f: Bound }) {
  const { t, f } = props;
  return (
    <Field {...f("code")} label={t("admin.code")} hint={t("admin.code_hint")} inputmode="numeric" required />
  );
}

/** A new jurisdiction's names, Chinese and English. */
export function JurisdictionNameFields(props: { t: Translator; f: Bound }) {
  const { t, f } = props;
  return (
    <>
      <Field {...f("name")} label={t("admin.name_zh")} required />
      <Field {...f("nameEn")} label={t("admin.name_en")} required />
    </>
  );
}

// ---- The administrator's page ---------------------------------------------------------------------

/** The administrator's grant, for their own jurisdiction: the root of the subtree they keep. */
async function adminGrant(c: Context<AppEnv>) {
  const actor = requireActor(c);
  return requireAccess(c.var.db, actor, actor.jurisdictionCode, "admin.manage");
}

/** The subtree (tree order, names in the page's language) and its accounts. */
async function loadAdmin(c: Context<AppEnv>, grant: Grant<"admin.manage">) {
  const [tree, accounts] = await Promise.all([
    subtreeOf(c.var.db, grant.actor),
    accountsIn(c.var.db, grant.actor),
  ]);
  return {
    tree: tree.map((j) => ({ code: j.code, level: j.level, name: jurisdictionName(c, j) })),
    accounts,
  };
}

type AdminData = Awaited<ReturnType<typeof loadAdmin>>;
type AdminState = { account?: FormState; jurisdiction?: FormState; done?: string | undefined };

function AccountsTable(props: { t: Translator; data: AdminData }) {
  const { t, data } = props;
  const nameOf = new Map(data.tree.map((j) => [j.code, j.name]));
  return (
    <DataTable
      label={t("admin.accounts")}
      cols={[
        t("login.username"),
        t("admin.display_name"),
        t("admin.role"),
        t("admin.jurisdiction"),
        t("admin.state"),
        t("jur.links"),
      ]}
    >
      {data.accounts.map((u) => (
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
    </DataTable>
  );
}

function AdminView(props: { ctx: PageContext; data: AdminData; state: AdminState }) {
  const { ctx, data, state } = props;
  const { t } = ctx;
  const a = bindForm(state.account?.values ?? {}, state.account?.fields);
  const jf = bindForm(state.jurisdiction?.values ?? {}, state.jurisdiction?.fields);
  const option = (j: AdminData["tree"][number]): [string, string] => [j.code, `${j.name}（${j.code}）`];
  const roles = STAFF_ROLES.map((r): [string, string] => [r, t(`role.${r}`)]);
  return (
    <Layout ctx={ctx} title={t("admin.title")} wide>
      <h1>{t("admin.title")}</h1>
      {state.done ? <Notice kind="ok">{t(`admin.done.${state.done}` as MessageKey)}</Notice> : null}
      <h2>{t("admin.accounts")}</h2>
      <AccountsTable t={t} data={data} />
      <PostForm ctx={ctx} action="/admin/accounts" class="card">
        <h3>{t("admin.new_account")}</h3>
        <AccountNameFields t={t} f={a} />
        <Select {...a("role")} label={t("admin.role")} options={[["", "—"], ...roles]} />
        <Select {...a("jurisdiction")} label={t("admin.jurisdiction")} options={data.tree.map(option)} />
        <Field {...a("unitName")} label={t("admin.unit_name")} hint={t("admin.unit_hint")} />
        <NewPasswordField t={t} f={a} label="admin.initial_password" />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
      <h2>{t("admin.jurisdictions")}</h2>
      <ul class="tree">
        {data.tree.map((j) => (
          <li class={`level-${j.level}`}>
            {j.name}{" "}
            <span class="muted">
              {j.code} · {t(`level.${j.level}`)}
            </span>
          </li>
        ))}
      </ul>
      <PostForm ctx={ctx} action="/admin/jurisdictions" class="card">
        <h3>{t("admin.new_jurisdiction")}</h3>
        <Select
          {...jf("parent")}
          label={t("admin.parent")}
          options={data.tree.filter((j) => j.level !== "township").map(option)}
        />
        <JurisdictionCodeField t={t} f={jf} />
        <JurisdictionNameFields t={t} f={jf} />
        <button type="submit">{t("admin.create")}</button>
      </PostForm>
    </Layout>
  );
}

async function adminPage(c: Context<AppEnv>, grant: Grant<"admin.manage">, state: AdminState, status = 200) {
  const data = await loadAdmin(c, grant);
  return c.html(<AdminView ctx={pageContext(c)} data={data} state={state} />, status as 200);
}

adminPages.get("/admin", async (c) => adminPage(c, await adminGrant(c), { done: c.req.query("done") }));

/**
 * A form of the administrator's page (`form`: a new account or a new jurisdiction): written, the
 * page again with its notice; refused, the form with what was typed and its errors.
 */
function adminForm(form: "account" | "jurisdiction", write: typeof createAccount) {
  return async (c: Context<AppEnv>) => {
    const grant = await adminGrant(c);
    const values = await formFields(c);
    const r = await withFieldErrors(c, () => write(c.var.db, grant, values, c.var.now));
    if (!r.ok) return adminPage(c, grant, { [form]: { values, fields: r.fields } }, 400);
    return c.redirect(`/admin?done=${form}`, 303);
  };
}

adminPages.post("/admin/accounts", adminForm("account", createAccount));
adminPages.post("/admin/jurisdictions", adminForm("jurisdiction", createJurisdiction));

// ---- One account: a new password, or deactivation --------------------------------------------------

const accountId = (c: Context<AppEnv>) => Number(c.req.param("id"));

type Account = Awaited<ReturnType<typeof getAccount>>;

function AccountView(props: {
  ctx: PageContext;
  user: Account;
  self: boolean;
  fields: Record<string, string>;
}) {
  const { ctx, user, fields } = props;
  const { t } = ctx;
  const title = t("admin.manage_account", { name: user.username });
  return (
    <Layout ctx={ctx} title={title}>
      <p class="crumbs">
        <a href="/admin">{t("admin.title")}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {user.displayName} · {t(`role.${user.role}`)} ·{" "}
        {user.active ? t("admin.active") : t("admin.inactive")}
      </p>
      <PostForm ctx={ctx} action={`/admin/accounts/${user.id}/password`} class="card">
        <h2>{t("admin.reset_password")}</h2>
        <NewPasswordField t={t} f={bindForm({}, fields)} label="admin.new_password" />
        <button type="submit">{t("admin.reset_password")}</button>
      </PostForm>
      {user.active && !props.self ? (
        <PostForm ctx={ctx} action={`/admin/accounts/${user.id}/deactivate`} class="card">
          <h2>{t("admin.deactivate")}</h2>
          <p>{t("admin.deactivate_text")}</p>
          <Checkbox
            name="confirm"
            error={fields.confirm}
            label={t("admin.deactivate_confirm", { name: user.username })}
          />
          <button type="submit" class="danger">
            {t("admin.deactivate")}
          </button>
        </PostForm>
      ) : null}
    </Layout>
  );
}

async function accountPage(
  c: Context<AppEnv>,
  grant: Grant<"admin.manage">,
  fields: Record<string, string> = {},
  status = 200,
) {
  const user = await getAccount(c.var.db, grant.actor, accountId(c));
  const self = user.id === grant.actor.id;
  return c.html(<AccountView ctx={pageContext(c)} user={user} self={self} fields={fields} />, status as 200);
}

adminPages.get("/admin/accounts/:id{[0-9]+}", async (c) => accountPage(c, await adminGrant(c)));

adminPages.post("/admin/accounts/:id{[0-9]+}/password", async (c) => {
  const grant = await adminGrant(c);
  const values = await formFields(c);
  const r = await withFieldErrors(c, () => resetPassword(c.var.db, grant, accountId(c), values, c.var.now));
  if (!r.ok) return accountPage(c, grant, r.fields, 400);
  return c.redirect("/admin?done=password", 303);
});

adminPages.post("/admin/accounts/:id{[0-9]+}/deactivate", async (c) => {
  const grant = await adminGrant(c);
  // Irreversible enough to ask twice: the form must carry the ticked confirmation.
  if ((await formFields(c)).confirm !== "1")
    return accountPage(c, grant, { confirm: c.var.t("admin.deactivate_unconfirmed") }, 400);
  await deactivateAccount(c.var.db, grant, accountId(c), c.var.now);
  return c.redirect("/admin?done=deactivated", 303);
});
