// Observable Framework configuration for the UVQA Lab report. Built offline by scripts/build.js.
export default {
  title: "UVQA Lab",
  root: "src",
  // scripts/build.js builds into a staging folder and swaps it in for dist/ only when the build succeeded.
  output: process.env.UVQA_DIST || "dist",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Categories", path: "/categories" },
    { name: "Alignment", path: "/alignment" },
    { name: "Trade-off", path: "/tradeoff" },
    { name: "Compare runs", path: "/compare" },
    { name: "Twin pairs", path: "/pairs" },
    { name: "Slice finder", path: "/slices" },
    { name: "Error explorer", path: "/explorer" },
    { name: "Judges", path: "/judges" },
    { name: "Model panel", path: "/model" },
    { name: "Notebook", path: "/notebook" },
  ],
  // A system font stack (src/style.css) instead of the default Google font: the site makes no outside request.
  globalStylesheets: [],
  style: "style.css",
  // DuckDB-WASM only reads the Arrow IPC streams we ship; its json/parquet extensions would be fetched from the
  // network at run time. `null` removes an extension (`false` still downloads it).
  // Not `platforms: { mvp: false }`: Framework 1.13.4's client then throws "Cannot read properties of undefined
  // (reading 'mainModule')" when it looks the chosen bundle up. The mvp engine (40 MB, for browsers without wasm
  // exceptions, none current) is an empty placeholder instead: see scripts/npm-cache.js.
  duckdb: { extensions: { json: null, parquet: null } },
  // No favicon request (the server would answer 404, a console error).
  head: '<link rel="icon" href="data:,">',
  footer: "UVQA Lab: answerability evaluation of Video LLMs. Built offline with Observable Framework.",
  search: false,
};
