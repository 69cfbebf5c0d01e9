// A deputy's own supervision projects (我的监督项目): the groups they belong to, in every year.
import { createRouter, pageContext } from "../../../platform/http/app";
import { requireActor } from "../../../platform/http/forms";
import { Layout, type PageContext } from "../../../platform/ui/layout";
import { type MyProject, myProjects } from "../supervision";

export const minePages = createRouter();

function MineScreen(props: { ctx: PageContext; deputy: boolean; list: MyProject[] }) {
  const { ctx, deputy, list } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("sup.mine.title")}>
      <h1>{t("sup.mine.title")}</h1>
      {!deputy ? <p>{t("sup.mine.deputies_only")}</p> : null}
      {deputy && list.length === 0 ? <p>{t("sup.mine.none")}</p> : null}
      {list.length ? (
        <ul class="cards">
          {list.map((m) => (
            <li>
              <a href={`/j/${m.jurisdictionCode}/${m.year}/projects/${m.candidateId}/supervision`}>
                {m.name}
              </a>{" "}
              <span class="muted">
                {t("jur.year", { year: m.year })} · {m.groupName}
                {m.leader ? ` · ${t("sup.group.leader")}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>
  );
}

minePages.get("/me/supervision", async (c) => {
  const actor = requireActor(c);
  const deputy = actor.kind === "deputy";
  const list = deputy ? await myProjects(c.var.db, actor.id) : [];
  return c.html(<MineScreen ctx={pageContext(c)} deputy={deputy} list={list} />);
});
