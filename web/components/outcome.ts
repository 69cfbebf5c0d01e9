// A proposal's outcome in words, as the public sees it (pages and exports share this).
import type { Translator } from "../i18n";
import { translateLoose } from "../i18n";

export function describeOutcome(
  t: Translator,
  p: { status: "received" | "merged" | "accepted" | "reserve" | "rejected"; outcomeReason: string | null },
  candidateNames: Map<number, string>,
): string {
  if (p.status === "received") return t("status.received");
  const parts: string[] = [t(`status.${p.status}`)];
  for (const line of (p.outcomeReason ?? "").split("\n")) {
    if (line.startsWith("negative:")) {
      parts.push(
        t("outcome.negative", { clause: translateLoose(t, `clause.${line.slice(9)}`, "common.none") }),
      );
    } else if (line.startsWith("merged:")) parts.push(t("outcome.merged_into", { no: line.slice(7) }));
    else if (line.startsWith("candidate:")) {
      const name = candidateNames.get(Number(line.slice(10)));
      if (name) parts.push(t("outcome.candidate", { name }));
    } else if (line) parts.push(line);
  }
  return parts.join(" ");
}
