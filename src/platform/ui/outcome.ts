// A proposal's outcome in words, as the public sees it (pages and exports share this).
import type { Translator } from "../i18n";
import { translateLoose } from "../i18n";

type Outcome = {
  status: "received" | "merged" | "accepted" | "reserve" | "rejected";
  outcomeReason: string | null;
};

/** The outcome as its status ("不予采纳") and the details that explain it (clause, reason, target). */
export function outcomeParts(
  t: Translator,
  p: Outcome,
  candidateNames: Map<number, string>,
): { status: string; details: string[] } {
  const status = t(`status.${p.status}`);
  if (p.status === "received") return { status, details: [] };
  const details: string[] = [];
  for (const line of (p.outcomeReason ?? "").split("\n")) {
    if (line.startsWith("negative:")) {
      details.push(
        t("outcome.negative", { clause: translateLoose(t, `clause.${line.slice(9)}`, "common.none") }),
      );
    } else if (line.startsWith("merged:")) details.push(t("outcome.merged_into", { no: line.slice(7) }));
    else if (line.startsWith("candidate:")) {
      const name = candidateNames.get(Number(line.slice(10)));
      if (name) details.push(t("outcome.candidate", { name }));
    } else if (line) details.push(line);
  }
  return { status, details };
}

/** The outcome as one line of text (exports, the tracking page). */
export function describeOutcome(t: Translator, p: Outcome, candidateNames: Map<number, string>): string {
  const { status, details } = outcomeParts(t, p, candidateNames);
  return [status, ...details].join(" ");
}
