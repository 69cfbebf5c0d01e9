import type { MessageKey } from "../i18n";
import { Layout, type PageContext } from "./layout";

export function ErrorPage(props: { ctx: PageContext; message: string; reason?: string | undefined }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("error.title")}>
      <h1>{t("error.title")}</h1>
      <div class="notice error" role="alert">
        <p>{props.message}</p>
        {props.reason ? <p>{props.reason}</p> : null}
      </div>
      <p>
        <a href="/">{t("error.back_home" as MessageKey)}</a>
      </p>
    </Layout>
  );
}
