// What validateBallot (src/features/voting/tally.ts) accepts and refuses, case by case; its
// agreement with the reference on generated ballots is in tally.properties.test.ts.
import { describe, expect, it } from "vitest";
import { validateBallot } from "../../../src/features/voting/tally";
import { rules } from "./tally-ballots";

describe("validateBallot", () => {
  const per = rules({ places: 2, form: "per_candidate" });
  const choose = rules({ places: 2, form: "choose_n", maxTicks: 2 });
  const ids = [3, 5, 8];

  it.each<[string, unknown]>([
    ["all three choices", { form: "per_candidate", choices: { 3: "for", 5: "against", 8: "abstain" } }],
    ["some left out", { form: "per_candidate", choices: { 5: "for" } }],
    ["empty (all 弃权)", { form: "per_candidate", choices: {} }],
  ])("per_candidate accepts %s", (_, body) => {
    expect(validateBallot(body, per, ids)).toEqual(body);
    expect(validateBallot(JSON.parse(JSON.stringify(body)), per, ids)).toEqual(body);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a number", 3],
    ["a string", "for"],
    ["an array", [{ form: "per_candidate", choices: {} }]],
    ["no form", { choices: { 3: "for" } }],
    ["the other form", { form: "choose_n", ticks: [3] }],
    ["no choices", { form: "per_candidate" }],
    ["choices as an array", { form: "per_candidate", choices: ["for", "for", "for"] }],
    ["choices null", { form: "per_candidate", choices: null }],
    ["an unknown candidate", { form: "per_candidate", choices: { 4: "for" } }],
    ["a non-canonical id", { form: "per_candidate", choices: { "03": "for" } }],
    ["a non-canonical id 3.0", { form: "per_candidate", choices: { "3.0": "for" } }],
    ["a junk choice", { form: "per_candidate", choices: { 3: "yes" } }],
    ["an upper-case choice", { form: "per_candidate", choices: { 3: "FOR" } }],
    ["a numeric choice", { form: "per_candidate", choices: { 3: 1 } }],
    ["a null choice", { form: "per_candidate", choices: { 3: null } }],
    ["an extra field", { form: "per_candidate", choices: {}, voter: 17 }],
    ["a __proto__ key", JSON.parse('{"form":"per_candidate","choices":{"__proto__":"for"}}')],
    ["a constructor key", { form: "per_candidate", choices: { constructor: "for" } }],
  ])("per_candidate rejects %s", (_, body) => {
    expect(validateBallot(body, per, ids)).toBeNull();
  });

  it.each<[string, unknown]>([
    ["two ticks", { form: "choose_n", ticks: [8, 3] }],
    ["one tick", { form: "choose_n", ticks: [5] }],
    ["no tick", { form: "choose_n", ticks: [] }],
  ])("choose_n accepts %s", (_, body) => {
    expect(validateBallot(body, choose, ids)).toEqual(body);
  });

  it.each<[string, unknown]>([
    ["more ticks than allowed", { form: "choose_n", ticks: [3, 5, 8] }],
    ["a duplicate tick", { form: "choose_n", ticks: [3, 3] }],
    ["an unknown id", { form: "choose_n", ticks: [4] }],
    ["an id as a string", { form: "choose_n", ticks: ["3"] }],
    ["a fractional id", { form: "choose_n", ticks: [3.5] }],
    ["NaN", { form: "choose_n", ticks: [Number.NaN] }],
    ["ticks not an array", { form: "choose_n", ticks: "3" }],
    ["ticks as an object", { form: "choose_n", ticks: { 0: 3, length: 1 } }],
    ["the other form", { form: "per_candidate", choices: {} }],
    ["an extra field", { form: "choose_n", ticks: [], choices: {} }],
  ])("choose_n rejects %s", (_, body) => {
    expect(validateBallot(body, choose, ids)).toBeNull();
  });

  it("returns a copy, not the caller's object", () => {
    const body = { form: "choose_n", ticks: [3] };
    const out = validateBallot(body, choose, ids);
    expect(out).not.toBe(body);
    body.ticks.push(5);
    expect(out).toEqual({ form: "choose_n", ticks: [3] });
  });
});
