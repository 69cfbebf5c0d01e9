// The one-time setup of a new deployment: the top jurisdiction and its first administrator, only
// with the deployment's SETUP_TOKEN secret and only while the database has no account at all.
import type { Context } from "hono";
import { createRouter, pageContext } from "../../../platform/http/app";
import type { AppEnv } from "../../../platform/http/env";
import { AppError } from "../../../platform/http/errors";
import { formFields, withFieldErrors } from "../../../platform/http/forms";
import { timingSafeEqual } from "../../../platform/lib/crypto";
import { bindForm, Field, Select } from "../../../platform/ui/fields";
import { Layout, type PageContext, PostForm } from "../../../platform/ui/layout";
import { hasAnyAccount, setupFirstAdmin } from "../accounts";
import {
  AccountNameFields,
  type FormState,
  JurisdictionCodeField,
  JurisdictionNameFields,
  NewPasswordField,
} from "./admin";

export const setupPages = createRouter();

const LEVELS = ["city", "county", "township"] as const;

/** The setup exists only while it is allowed: "not found" otherwise. */
async function requireSetup(c: Context<AppEnv>) {
  if (!c.env.SETUP_TOKEN || (await hasAnyAccount(c.var.db))) throw new AppError("not_found");
}

function SetupView(props: { ctx: PageContext; state: FormState }) {
  const { ctx, state } = props;
  const { t } = ctx;
  const f = bindForm(state.values ?? {}, state.fields);
  return (
    <Layout ctx={ctx} title={t("setup.title")}>
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <PostForm ctx={ctx} action="/setup" class="card">
        <Field
          name="token"
          type="password"
          label={t("setup.token")}
          hint={t("setup.token_hint")}
          error={f("token").error}
          autocomplete="off"
          required
        />
        <JurisdictionCodeField t={t} f={f} />
        <Select
          {...f("level")}
          label={t("setup.level")}
          options={LEVELS.map((l): [string, string] => [l, t(`level.${l}`)])}
        />
        <JurisdictionNameFields t={t} f={f} />
        <AccountNameFields t={t} f={f} />
        <NewPasswordField t={t} f={f} label="admin.initial_password" />
        <button type="submit">{t("setup.submit")}</button>
      </PostForm>
    </Layout>
  );
}

const setupPage = (c: Context<AppEnv>, state: FormState = {}, status = 200) =>
  c.html(<SetupView ctx={pageContext(c)} state={state} />, status as 200);

setupPages.get("/setup", async (c) => {
  await requireSetup(c);
  return setupPage(c);
});

setupPages.post("/setup", async (c) => {
  await requireSetup(c);
  const values = await formFields(c);
  const enc = new TextEncoder();
  if (!timingSafeEqual(enc.encode(values.token ?? ""), enc.encode(c.env.SETUP_TOKEN ?? "")))
    return setupPage(c, { values, fields: { token: c.var.t("setup.token_wrong") } }, 403);
  const r = await withFieldErrors(c, () => setupFirstAdmin(c.var.db, values, c.var.now));
  if (!r.ok) return setupPage(c, { values, fields: r.fields }, 400);
  return c.redirect("/login?next=/admin", 303);
});
