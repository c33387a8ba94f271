import { describe, expect, it } from "vitest";
import { MOMA_LEXICON, extendLexicon, learnPredicates, parseRelation } from "../../loaders/datasets/relations.ts";

describe("parseRelation", () => {
  it("splits a plain relation at the longest predicate after the subject", () => {
    expect(parseRelation("table tennis player looking at table tennis ball")).toEqual({
      subject: "table tennis player",
      predicate: "looking at",
      object: "table tennis ball",
    });
    expect(parseRelation("health worker in front of ice cube")).toEqual({ subject: "health worker", predicate: "in front of", object: "ice cube" });
    expect(parseRelation("health worker injecting a needle into patient")?.predicate).toBe("injecting a needle into");
  });

  it("never takes the first word as the predicate", () => {
    expect(parseRelation("walking stick player looking at walking stick player")).toEqual({
      subject: "walking stick player",
      predicate: "looking at",
      object: "walking stick player",
    });
  });

  it("reads intransitive actions with a null object", () => {
    expect(parseRelation("award winner walking")).toEqual({ subject: "award winner", predicate: "walking", object: null });
    expect(parseRelation("unclassified adult kneeling down")).toEqual({ subject: "unclassified adult", predicate: "kneeling down", object: null });
    expect(parseRelation("firefighter standing up from kneeling")?.predicate).toBe("standing up from kneeling");
  });

  it("joins discontinuous predicates around their object", () => {
    expect(parseRelation("award winner grabbing card from someone")).toEqual({
      subject: "award winner",
      predicate: "grabbing from someone",
      object: "card",
    });
    expect(parseRelation("unclassified adult carrying sock on their back")).toEqual({
      subject: "unclassified adult",
      predicate: "carrying on their back",
      object: "sock",
    });
    expect(parseRelation("waiter picking up menu from the table")).toEqual({ subject: "waiter", predicate: "picking up from the table", object: "menu" });
    // Without the tail it is the plain predicate.
    expect(parseRelation("unclassified adult carrying handbag")).toEqual({ subject: "unclassified adult", predicate: "carrying", object: "handbag" });
  });

  it("takes double-spaced generated relations as subject, predicate, object", () => {
    expect(parseRelation("waiter  installing  shot glass")).toEqual({ subject: "waiter", predicate: "installing", object: "shot glass" });
    expect(parseRelation("match official  carrying  on their back chair")).toEqual({
      subject: "match official",
      predicate: "carrying on their back",
      object: "chair",
    });
    expect(parseRelation("soccer player  picking up  from the table soccer ball")).toEqual({
      subject: "soccer player",
      predicate: "picking up from the table",
      object: "soccer ball",
    });
    expect(parseRelation("unclassified adult  jumping")).toEqual({ subject: "unclassified adult", predicate: "jumping", object: null });
    // An unknown predicate is trusted when the spaces say where it is.
    expect(parseRelation("waiter  juggling  plate")).toEqual({ subject: "waiter", predicate: "juggling", object: "plate" });
  });

  it("does not mistake a stray double space inside a plain relation for a separator", () => {
    expect(parseRelation("barber holding  towel")).toEqual({ subject: "barber", predicate: "holding", object: "towel" });
  });

  it("returns null when no predicate fits", () => {
    expect(parseRelation("waiter juggling plate")).toBeNull();
    expect(parseRelation("waiter")).toBeNull();
    expect(parseRelation("")).toBeNull();
    // A relationship with no object, an intransitive action with one.
    expect(parseRelation("customer holding")).toBeNull();
    expect(parseRelation("customer jumping plate")).toBeNull();
  });

  it("trims trailing spaces the source left in", () => {
    expect(parseRelation("barber behind shower ")).toEqual({ subject: "barber", predicate: "behind", object: "shower" });
  });
});

describe("lexicon", () => {
  it("can be extended and learns predicates from double-spaced relations", () => {
    expect(parseRelation("waiter juggling plate", extendLexicon(MOMA_LEXICON, [{ predicate: "juggling", arity: "transitive" }]))).toEqual({
      subject: "waiter",
      predicate: "juggling",
      object: "plate",
    });
    const learnt = learnPredicates(["waiter  juggling  plate", "barber  yawning", "customer holding cup"]);
    expect(learnt.length).toBe(MOMA_LEXICON.length + 2);
    expect(parseRelation("cook juggling knife", learnt)?.predicate).toBe("juggling");
    expect(parseRelation("cook yawning", learnt)).toEqual({ subject: "cook", predicate: "yawning", object: null });
    // Known discontinuous predicates are not added again in their joined form.
    expect(learnPredicates(["match official  carrying  on their back chair"]).length).toBe(MOMA_LEXICON.length);
  });
});
