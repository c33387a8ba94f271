// The filter bar's model: runs chosen by run facets, slices by item facets, precomputed where the report has the
// slice, a canonical filter slice otherwise.
import { describe, expect, it } from "vitest";
import {
  domainsOf, filtersFromState, noFilters, normalise, selectRuns, sliceExpression, sliceSpecs, splitValuesFromSlices, stateOf,
} from "../../components/filters.ts";

const run = (id: string, model: string, prompt: string, variant: string, dataset = "sample") => ({ id, model, prompt, variant, baseline: null, dataset });
const runs = [
  run("m1/u", "m1", "unaligned", "unaligned", "sample,uvqa"),
  run("m1/p", "m1", "prompt-aligned", "prompt-aligned", "sample,uvqa"),
  run("m2/u", "m2", "unaligned", "unaligned", "uvqa"),
];
const domains = domainsOf(runs, ["sample", "uvqa"], ["answerable", "object", "relation", "attribute"], ["question_type", "dataset"]);
const precomputed = new Set(["all", "category:answerable", "category:object", "category:relation", "category:attribute", "dataset:sample", "dataset:uvqa", "question_type:what", "question_type:how"]);

describe("domains and URL", () => {
  it("lists each facet's values once, in the runs' order", () => {
    expect(domains.model).toEqual(["m1", "m2"]);
    expect(domains.prompt).toEqual(["unaligned", "prompt-aligned"]);
  });
  it("reads filters from the URL state, in the domain's order, and reports unknown values", () => {
    const { filters, checked } = filtersFromState({ model: ["m2", "m1", "nope"], category: ["object"], by: ["question_type"] }, domains);
    expect(filters.model).toEqual(["m1", "m2"]);
    expect(filters.category).toEqual(["object"]);
    expect(filters.by).toBe("question_type");
    expect(checked.unknown).toEqual([{ key: "model", values: ["nope"], known: ["m1", "m2"] }]);
  });
  it("a link naming only unknown values is no filter (and says so), not an empty page", () => {
    const { filters, checked } = filtersFromState({ model: ["gpt9"] }, domains);
    expect(filters.model).toBeNull();
    expect(checked.unknown).toHaveLength(1);
  });
  it("every value selected is normalised to no filter; stateOf writes the short link", () => {
    const f = normalise({ ...noFilters(), model: ["m1", "m2"], category: ["object"] }, domains);
    expect(f.model).toBeNull();
    expect(stateOf(f)).toEqual({ dataset: null, model: null, prompt: null, variant: null, category: ["object"], by: null });
  });
});

describe("selectRuns", () => {
  it("keeps runs whose model, prompt and variant are selected and whose datasets meet the dataset facet", () => {
    expect(selectRuns(runs, { ...noFilters(), model: ["m1"] }).map((r) => r.id)).toEqual(["m1/u", "m1/p"]);
    expect(selectRuns(runs, { ...noFilters(), dataset: ["sample"] }).map((r) => r.id)).toEqual(["m1/u", "m1/p"]);
    expect(selectRuns(runs, { ...noFilters(), prompt: [] })).toEqual([]);
  });
});

describe("sliceSpecs", () => {
  it("no item filter reads 'all'", () => {
    expect(sliceSpecs(noFilters(), precomputed)).toEqual([{ slice: "all", adhoc: false, split: null, label: "all items" }]);
  });
  it("one category or one dataset reads the precomputed slice", () => {
    expect(sliceSpecs({ ...noFilters(), category: ["object"] }, precomputed)[0]).toMatchObject({ slice: "category:object", adhoc: false });
    expect(sliceSpecs({ ...noFilters(), dataset: ["uvqa"] }, precomputed)[0]).toMatchObject({ slice: "dataset:uvqa", adhoc: false });
  });
  it("a combination the build did not precompute is a canonical filter slice", () => {
    expect(sliceSpecs({ ...noFilters(), category: ["relation", "object"], dataset: ["uvqa"] }, precomputed)[0])
      .toEqual({ slice: "dataset=uvqa&category=object,relation", adhoc: true, split: null, label: "dataset: uvqa; category: relation, object" });
  });
  it("split by a precomputed field reads its slices; with an item filter each split value is a filter slice", () => {
    const values = splitValuesFromSlices(precomputed, "question_type");
    expect(values).toEqual(["what", "how"]);
    expect(sliceSpecs({ ...noFilters(), by: "question_type" }, precomputed, values).map((s) => [s.slice, s.adhoc]))
      .toEqual([["question_type:what", false], ["question_type:how", false]]);
    expect(sliceSpecs({ ...noFilters(), by: "question_type", category: ["object"] }, precomputed, values).map((s) => s.slice))
      .toEqual(["category=object&question_type=what", "category=object&question_type=how"]);
  });
  it("split by category under a category filter keeps only the categories the filter allows", () => {
    const specs = sliceSpecs({ ...noFilters(), by: "category", category: ["object", "attribute"] }, precomputed, ["answerable", "object", "relation", "attribute"]);
    expect(specs.map((s) => s.slice)).toEqual(["category:object", "category:attribute"]);
  });
});

describe("sliceExpression", () => {
  it("orders fields dataset, category, question_type, source, flags, then the rest; sorts and encodes values", () => {
    expect(sliceExpression({ video: ["v2", "v1"], flags: ["edited-question"], category: ["relation", "object"], dataset: ["a&b"] }))
      .toBe("dataset=a%26b&category=object,relation&flags=edited-question&video=v1,v2");
  });
});
