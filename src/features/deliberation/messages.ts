// The deliberation feature's texts (stage 3 酝酿协商).
// zh is the primary catalogue; en must have exactly its keys (checked by the type below). The keys
// join MessageKey (src/platform/i18n) by declaration merging; src/messages.ts combines the texts.
export const zh = {
  "opinion.reason.stage": "只有在酝酿协商和审议票决阶段才能发表意见。",
  "unit.wan": "万元",
  "delib.link": "候选项目材料与意见",
  "delib.title": "{year}年度民生实事候选项目材料",
  "delib.intro": "请在会前和会上认真阅读候选项目材料，可对每个项目发表意见。",
  "delib.saved": "意见已保存。",
  "delib.my_opinion": "我对「{name}」的意见",
  "delib.save": "保存意见",
  "delib.opinion": "意见",
  "delib.opinions_link": "按代表团查看代表意见",
  "delib.opinions_title": "{year}年度代表意见（按代表团）",
  "delib.no_opinions": "暂无代表意见。",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "opinion.reason.stage": "Opinions are taken during deliberation and the vote only.",
  "unit.wan": "× 10,000 yuan",
  "delib.link": "Candidate materials and opinions",
  "delib.title": "Candidate materials for {year}",
  "delib.intro": "Read the candidates before and during the session; you may give an opinion on each.",
  "delib.saved": "Your opinion was saved.",
  "delib.my_opinion": "My opinion on “{name}”",
  "delib.save": "Save opinion",
  "delib.opinion": "Opinion",
  "delib.opinions_link": "Deputies' opinions by delegation",
  "delib.opinions_title": "Deputies' opinions for {year}, by delegation",
  "delib.no_opinions": "No opinion yet.",
};

declare module "../../platform/i18n" {
  interface Messages extends Record<keyof typeof zh, string> {}
}
