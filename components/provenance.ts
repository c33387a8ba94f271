// Where a figure's numbers come from: datasets with their hashes, runs with model and prompt hash, the judge,
// the code version and when the report was generated. Shown under every figure and written into every export
// (SVG <metadata>, PNG text chunk, CSV comment header), so a figure found in a slide deck can be traced back.

export interface MetaLike {
  generated_at: string;
  code_version: string;
  config?: { file?: string; sha256?: string } | null;
  datasets: ReadonlyArray<{ id: string; items?: number; sha256?: string; skipped?: string }>;
  judge?: { id?: string; name?: string } | null;
  judges?: ReadonlyArray<{ id?: string; name?: string }> | null;
  resamples?: number;
  seed?: number;
}

export interface ProvenanceRun {
  id: string;
  model: string;
  prompt: string;
  prompt_hash?: string | null;
}

export interface Provenance {
  tool: "UVQA Lab";
  figure: string;
  /** The address of the view the figure was made from (restores it). */
  view: string;
  datasets: { id: string; items: number | null; sha256: string | null }[];
  runs: { id: string; model: string; prompt: string; prompt_hash: string | null }[];
  judge: string;
  code_version: string;
  config_sha256: string | null;
  generated_at: string;
  resamples: number | null;
  seed: number | null;
}

export function provenanceOf(meta: MetaLike, runs: readonly ProvenanceRun[], figure: string, view: string): Provenance {
  const judges = meta.judges?.length ? meta.judges : meta.judge ? [meta.judge] : [];
  return {
    tool: "UVQA Lab",
    figure,
    view,
    datasets: meta.datasets.filter((d) => !d.skipped).map((d) => ({ id: d.id, items: d.items ?? null, sha256: d.sha256 ?? null })),
    runs: runs.map((r) => ({ id: r.id, model: r.model, prompt: r.prompt, prompt_hash: r.prompt_hash ?? null })),
    judge: judges.map((j) => j.name ?? j.id ?? "?").join(" + ") || "unknown",
    code_version: meta.code_version,
    config_sha256: meta.config?.sha256 ?? null,
    generated_at: meta.generated_at,
    resamples: meta.resamples ?? null,
    seed: meta.seed ?? null,
  };
}

const short = (hash: string | null, n = 8) => (hash ? hash.slice(0, n) : "?");

/** The line under a figure. */
export function provenanceText(p: Provenance): string {
  const datasets = p.datasets.map((d) => `${d.id} (${d.items ?? "?"} items, sha256 ${short(d.sha256)})`).join(", ");
  const runs = p.runs.map((r) => `${r.id} (${r.model}, prompt ${r.prompt} ${short(r.prompt_hash)})`).join(", ");
  return [
    `datasets: ${datasets || "none"}`,
    `runs: ${runs || "none"}`,
    `judge: ${p.judge}`,
    `code ${p.code_version}`,
    `generated ${p.generated_at}`,
  ].join(" · ");
}

/** `# key: value` lines for a CSV header (readers skip them with a comment option: `comment: "#"`). */
export function provenanceComment(p: Provenance): string {
  const lines = [
    `${p.tool}: ${p.figure}`,
    `view: ${p.view}`,
    ...p.datasets.map((d) => `dataset: ${d.id} items=${d.items ?? "?"} sha256=${d.sha256 ?? "?"}`),
    ...p.runs.map((r) => `run: ${r.id} model=${r.model} prompt=${r.prompt} prompt_hash=${r.prompt_hash ?? "?"}`),
    `judge: ${p.judge}`,
    `code_version: ${p.code_version}`,
    `config_sha256: ${p.config_sha256 ?? "?"}`,
    `generated_at: ${p.generated_at}`,
    ...(p.resamples !== null ? [`bootstrap: ${p.resamples} resamples, seed ${p.seed ?? "?"}`] : []),
  ];
  // A value with a line break would end the comment early; keep each on its line.
  return lines.map((line) => `# ${line.replace(/[\r\n]+/g, " ")}\n`).join("");
}
