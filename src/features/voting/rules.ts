// 票决办法: the rules of a project vote as the presidium sets them (the form's fields), and the
// rules a ballot is checked and counted by. Pure: no database.
import * as v from "valibot";
import type { Vote } from "../../platform/data/schema";
import { checkbox, intField, optionalText, parse, requiredText } from "../../platform/lib/validate";
import type { VoteRules } from "./tally-types";

const RulesInput = v.pipe(
  v.object({
    title: requiredText(100),
    places: intField(1, 50),
    form: v.picklist(["per_candidate", "choose_n"], "field.invalid"),
    maxTicks: v.optional(intField(0, 50), "0"),
    base: v.picklist(["all", "present", "valid"], "field.invalid"),
    thresholdNumerator: v.optional(intField(1, 99), "1"),
    thresholdDenominator: v.optional(intField(2, 100), "2"),
    quorumNumerator: v.optional(intField(1, 99), "2"),
    quorumDenominator: v.optional(intField(2, 100), "3"),
    allowEqual: checkbox,
    chiefScrutineer: optionalText(40),
    scrutineers: optionalText(200),
    counters: optionalText(200),
  }),
  v.forward(
    v.check((r) => r.thresholdNumerator < r.thresholdDenominator, "field.fraction"),
    ["thresholdNumerator"],
  ),
  v.forward(
    v.check((r) => r.quorumNumerator < r.quorumDenominator, "field.fraction"),
    ["quorumNumerator"],
  ),
);

/** The rules of a form (invalid_input with field errors otherwise); 选N 's most ticks default to the places. */
export function parseRules(input: unknown) {
  const r = parse(RulesInput, input);
  return { ...r, maxTicks: r.form === "choose_n" ? r.maxTicks || r.places : r.places };
}

/** The rules of a further vote (另行票决): the vote's own, for the places its tie left open, 等额 allowed. */
export function runoffRules(vote: Vote, placesTied: number): Record<string, string> {
  return {
    title: `${vote.title}（另行票决）`,
    places: String(placesTied),
    form: vote.form,
    maxTicks: String(placesTied),
    base: vote.base,
    thresholdNumerator: String(vote.thresholdNumerator),
    thresholdDenominator: String(vote.thresholdDenominator),
    quorumNumerator: String(vote.quorumNumerator),
    quorumDenominator: String(vote.quorumDenominator),
    allowEqual: "1",
    chiefScrutineer: vote.chiefScrutineer ?? "",
    scrutineers: vote.scrutineers ?? "",
    counters: vote.counters ?? "",
  };
}

/** What a ballot is validated and counted by (./tally.ts). */
export function rulesOf(vote: Vote): VoteRules {
  return {
    places: vote.places,
    form: vote.form,
    maxTicks: vote.maxTicks,
    base: vote.base,
    thresholdNumerator: vote.thresholdNumerator,
    thresholdDenominator: vote.thresholdDenominator,
    // The assessment ballot ("assess" form) may or may not offer 弃权 (./tally.ts validateBallot).
    allowAbstain: vote.allowAbstain,
  };
}
