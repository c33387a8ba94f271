// Moved to loaders/datasets/configured.ts (inference loads a run's datasets too, and sits below the
// pipeline); kept as a re-export for code that still imports it from here.
export { loadDataset, loadDatasets, itemsForRun, type LoadedDataset } from "../datasets/configured.ts";
