// The cycle hub's texts: home, a jurisdiction's cycles, a year's page.
// zh is the primary catalogue; en must have exactly its keys (checked by the type below). The keys
// join MessageKey (src/platform/i18n) by declaration merging; src/messages.ts combines the texts.
export const zh = {
  "home.title": "各地民生实事项目票决",
  "home.intro": "每年由人大代表票决确定当年的民生实事项目，全过程向社会公开。",
  "home.jurisdictions": "行政区划",
  "home.no_cycles": "暂无年度票决。",
  "jur.cycles": "年度票决",
  "jur.subordinates": "下级行政区划",
  "jur.create_cycle": "新建年度票决",
  "jur.create_cycle.year": "年度",
  "jur.create_cycle.submit": "新建",
  "jur.created": "已新建{year}年度票决。",
  "jur.audit": "操作日志",
  "cycle.title": "{name} {year}年度民生实事项目票决",
  "cycle.stages": "五个阶段",
  "cycle.public_note": "本页面向社会公开。",

  "cycle.links": "本年度",
  "screen.link": "筛选项目建议",
  "cycle.votes_link": "票决",

  "assess.public_link": "满意度测评结果",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "home.title": "Livelihood-project votes",
  "home.intro": "Every year the deputies vote on the year's livelihood projects; every stage is public.",
  "home.jurisdictions": "Jurisdictions",
  "home.no_cycles": "No cycle yet.",
  "jur.cycles": "Annual cycles",
  "jur.subordinates": "Subordinate jurisdictions",
  "jur.create_cycle": "New annual cycle",
  "jur.create_cycle.year": "Year",
  "jur.create_cycle.submit": "Create",
  "jur.created": "The {year} cycle was created.",
  "jur.audit": "Audit log",
  "cycle.title": "{name}: livelihood projects {year}",
  "cycle.stages": "The five stages",
  "cycle.public_note": "This page is public.",

  "cycle.links": "This year",
  "screen.link": "Screen proposals",
  "cycle.votes_link": "Votes",

  "assess.public_link": "Satisfaction results",
};

declare module "../../platform/i18n" {
  interface Messages extends Record<keyof typeof zh, string> {}
}
