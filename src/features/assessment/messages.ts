// The assessment feature's texts (year end 满意度测评) and the public rating.
// zh is the primary catalogue; en must have exactly its keys (checked by the type below). The keys
// join MessageKey (src/platform/i18n) by declaration merging; src/messages.ts combines the texts.
export const zh = {
  "vote.f.quorumNumerator": "出席比例（分子）",
  "vote.f.quorumDenominator": "出席比例（分母）",

  "assess.list_title": "{year}年度民生实事项目满意度测评",
  "assess.intro":
    "年底（通常在下一次人代会上），代表以无记名投票对每个民生实事项目进行满意度测评：满意、基本满意或不满意。测评为不满意的项目自动交办整改，整改后复评。",
  "assess.new": "新建满意度测评",
  "assess.create": "新建测评",
  "assess.default_title": "{year}年度民生实事项目满意度测评",
  "assess.need_meeting": "请先新建会议（测评在会议上进行，按签到确定应到、实到）。",
  "assess.not_stage": "满意度测评在「监督评估」阶段进行。",
  "assess.no_projects": "本年度还没有票决确定的民生实事项目。",
  "assess.none": "还没有满意度测评。",
  "assess.f.allowAbstain": "选票设「弃权」（未选的项目按弃权计）",
  "assess.f.rectifyDays": "整改期限（测评结束后的天数）",
  "assess.f.rectifyDays_hint": "测评为不满意的项目自动交办责任单位整改，默认 90 天。",
  "assess.field.choose_project": "请选择要测评的项目。",
  "assess.stopped": "（已终止）",
  "assess.rectify_by": "已交办整改，期限 {date}",
  "assess.reassess_title": "复评：{title}",
  "assess.reassess_intro":
    "测评为不满意的项目，责任单位报告整改情况后，可对这些项目再次测评。复评的结果取代原测评结果。",
  "assess.reassess_none": "没有已报告整改、可以复评的项目。",
  "assess.reassess_create": "新建复评",
  "assess.reassess_default_title": "{title}（复评）",
  "assess.not_rectified": "整改尚未完成",
  "assess.reason.not_rectified": "所选项目的整改尚未完成，暂不能复评。",
  "assess.public_none": "还没有公布的满意度测评结果。",
  "assess.public_intro": "代表以无记名投票测评，只公布每个项目的票数和结果，不公布任何人的选票。",

  "pub.rating.already": "今天已经评价过这个项目，明天可以再评。",
  "pub.rating.too_many": "评价过于频繁，请稍后再试。",
  "pub.rating.not_completed": "项目完成后才能评价。",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "vote.f.quorumNumerator": "Quorum (numerator)",
  "vote.f.quorumDenominator": "Quorum (denominator)",

  "assess.list_title": "Satisfaction assessment of the {year} projects",
  "assess.intro":
    "At year end (usually at the next session) the deputies assess each livelihood project by secret ballot: satisfied, basically satisfied or unsatisfied. A project graded unsatisfied is sent for rectification automatically and assessed again afterwards.",
  "assess.new": "New satisfaction assessment",
  "assess.create": "Create assessment",
  "assess.default_title": "Satisfaction assessment of the {year} livelihood projects",
  "assess.need_meeting":
    "Create a meeting first (the assessment is taken at a meeting; sign-in gives the roster and those present).",
  "assess.not_stage": "The satisfaction assessment takes place in the supervise-and-evaluate stage.",
  "assess.no_projects": "No livelihood projects have been decided by vote this year.",
  "assess.none": "No satisfaction assessment yet.",
  "assess.f.allowAbstain": "The ballot offers “abstain” (a project left blank counts as abstention)",
  "assess.f.rectifyDays": "Rectification period (days after the assessment closes)",
  "assess.f.rectifyDays_hint":
    "A project graded unsatisfied is sent to its responsible unit for rectification; 90 days by default.",
  "assess.field.choose_project": "Choose the projects to assess.",
  "assess.stopped": " (stopped)",
  "assess.rectify_by": "Sent for rectification, due {date}",
  "assess.reassess_title": "Re-assessment: {title}",
  "assess.reassess_intro":
    "Once the responsible unit has reported its rectification, the projects graded unsatisfied can be assessed again. The re-assessment's grade replaces the earlier one.",
  "assess.reassess_none": "No project with a reported rectification is waiting for re-assessment.",
  "assess.reassess_create": "Create re-assessment",
  "assess.reassess_default_title": "{title} (re-assessment)",
  "assess.not_rectified": "rectification not yet done",
  "assess.reason.not_rectified":
    "The rectification of a chosen project is not done yet; it cannot be re-assessed.",
  "assess.public_none": "No satisfaction assessment result has been published yet.",
  "assess.public_intro":
    "Deputies assess by secret ballot; only each project's counts and grade are published, never anyone's ballot.",

  "pub.rating.already": "You have rated this project today; you may rate it again tomorrow.",
  "pub.rating.too_many": "Too many ratings from your network; please try again later.",
  "pub.rating.not_completed": "Only completed projects can be rated.",
};

declare module "../../platform/i18n" {
  interface Messages extends Record<keyof typeof zh, string> {}
}
