import { describe, expect, it } from "vitest";
import { MOMA_LEXICON, extendLexicon, learnPredicates, parseRelation, parseRelations, sceneObjects } from "../../loaders/datasets/relations.ts";

describe("parseRelation", () => {
  it("splits a plain relation at the longest predicate after the subject", () => {
    expect(parseRelation("table tennis player looking at table tennis net")).toEqual({
      subject: "table tennis player",
      predicate: "looking at",
      object: "table tennis net",
    });
    expect(parseRelation("health worker in front of ice bucket")).toEqual({ subject: "health worker", predicate: "in front of", object: "ice bucket" });
    expect(parseRelation("health worker injecting a needle into doctor")?.predicate).toBe("injecting a needle into");
  });

  it("never takes the first word as the predicate", () => {
    expect(parseRelation("walking stick player looking at referee")).toEqual({
      subject: "walking stick player",
      predicate: "looking at",
      object: "referee",
    });
  });

  it("reads intransitive actions with a null object", () => {
    expect(parseRelation("award winner walking")).toEqual({ subject: "award winner", predicate: "walking", object: null });
    expect(parseRelation("security guard kneeling down")).toEqual({ subject: "security guard", predicate: "kneeling down", object: null });
    expect(parseRelation("nurse standing up from kneeling")?.predicate).toBe("standing up from kneeling");
  });

  it("joins discontinuous predicates around their object", () => {
    expect(parseRelation("award winner grabbing card from someone")).toEqual({
      subject: "award winner",
      predicate: "grabbing from someone",
      object: "card",
    });
    expect(parseRelation("unclassified adult carrying pillow on their back")).toEqual({
      subject: "unclassified adult",
      predicate: "carrying on their back",
      object: "pillow",
    });
    expect(parseRelation("waiter picking up cup from the table")).toEqual({ subject: "waiter", predicate: "picking up from the table", object: "cup" });
    // Without the tail it is the plain predicate.
    expect(parseRelation("unclassified adult carrying umbrella")).toEqual({ subject: "unclassified adult", predicate: "carrying", object: "umbrella" });
  });

  it("takes double-spaced generated relations as subject, predicate, object", () => {
    expect(parseRelation("waiter  installing  coffee cup")).toEqual({ subject: "waiter", predicate: "installing", object: "coffee cup" });
    expect(parseRelation("match official  carrying  on their back bench")).toEqual({
      subject: "match official",
      predicate: "carrying on their back",
      object: "bench",
    });
    expect(parseRelation("soccer player  picking up  from the table water bottle")).toEqual({
      subject: "soccer player",
      predicate: "picking up from the table",
      object: "water bottle",
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
    expect(learnPredicates(["match official  carrying  on their back bench"]).length).toBe(MOMA_LEXICON.length);
  });
});

describe("relations between scene objects (predicates outside the lexicon)", () => {
  const objects = sceneObjects(["table", "cloth", "cup", "woman", "table tennis table", "table cloth"]);
  const listed = { objects, listed: true };
  const named = { objects };

  it("parses whatever lies between two scene objects: passive predicates no lexicon lists", () => {
    for (const scene of [listed, named]) {
      expect(parseRelation("table covered by cloth", MOMA_LEXICON, scene)).toEqual({ subject: "table", predicate: "covered by", object: "cloth" });
      expect(parseRelation("Cup Surrounded By Table Cloth", MOMA_LEXICON, scene)).toEqual({ subject: "Cup", predicate: "surrounded by", object: "Table Cloth" });
      // The longest scene objects at either end.
      expect(parseRelation("table tennis table covered by table cloth", MOMA_LEXICON, scene)).toEqual({ subject: "table tennis table", predicate: "covered by", object: "table cloth" });
    }
  });

  it("with every object of the video listed, prefers that split to a lexicon split naming a non-object", () => {
    // The lexicon alone finds "on" and makes "cup placed" the subject.
    expect(parseRelation("cup placed on table")).toEqual({ subject: "cup placed", predicate: "on", object: "table" });
    expect(parseRelation("cup placed on table", MOMA_LEXICON, listed)).toEqual({ subject: "cup", predicate: "placed on", object: "table" });
    // Objects gathered from other relations may be incomplete: the lexicon's split stands.
    expect(parseRelation("cup placed on table", MOMA_LEXICON, named)).toEqual({ subject: "cup placed", predicate: "on", object: "table" });
  });

  it("keeps the lexicon's split when it names scene objects, and parses nothing else", () => {
    expect(parseRelation("woman holding cup", MOMA_LEXICON, listed)).toEqual({ subject: "woman", predicate: "holding", object: "cup" });
    expect(parseRelation("woman sleeping", MOMA_LEXICON, listed)).toEqual({ subject: "woman", predicate: "sleeping", object: null });
    expect(parseRelation("table covered by dust", MOMA_LEXICON, listed)).toBeNull();
    expect(parseRelation("table cloth", MOMA_LEXICON, listed)).toBeNull(); // nothing between
    expect(parseRelation("table covered by cloth")).toBeNull(); // no objects given
  });

  it("parseRelations: a video's relations together, the unparsed ones again with the objects the others name", () => {
    expect(parseRelations(["woman holding cloth", "table covered by cloth", "woman next to table", "woman juggling"])).toEqual([
      { subject: "woman", predicate: "holding", object: "cloth" },
      { subject: "table", predicate: "covered by", object: "cloth" },
      { subject: "woman", predicate: "next to", object: "table" },
      null,
    ]);
    // "cook assistant" is no object anyone named, so "holding" (the lexicon's) stays its predicate.
    expect(parseRelations(["cook assistant holding pot", "pot covered by lid"], MOMA_LEXICON, { named: ["cook", "lid"] })).toEqual([
      { subject: "cook assistant", predicate: "holding", object: "pot" },
      { subject: "pot", predicate: "covered by", object: "lid" },
    ]);
  });
});
