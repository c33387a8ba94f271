// The slice worker's slice finder and twin-pair list, apart from its messaging (workers/slices.worker.ts) so Node
// tests run them: both work on the item index and the run columns the worker built once (worker-scoring.ts) and
// call loaders/metrics itself (findRefusalSlices, findDifferenceSlices, filterMembers, pairClass), never a copy.
import {
  filterMembers, findDifferenceSlices, findRefusalSlices, pairClass,
  type FinderOptions, type RunColumns,
} from "../loaders/metrics/index.ts";
import { NONE, OUTCOME_CODES } from "../loaders/metrics/accumulators.ts";
import { APART, ANSWER_BOTH, REFUSE_BOTH } from "../loaders/metrics/pairs.ts";
import type { FindOptions, FindRequest, FoundRow, PairClassName, PairListRow } from "./finder-types.ts";
import type { State } from "./worker-scoring.ts";

export type { FindRequest, PairListRow } from "./finder-types.ts";

function columnsOf(state: State, run: string): RunColumns {
  const columns = state.columns.get(run);
  if (columns) return columns;
  if (state.runs.some((r) => r.id === run)) throw new Error(`run ${JSON.stringify(run)} has no judged rows in outcomes.arrow`);
  throw new Error(`unknown run: ${JSON.stringify(run)}`);
}

function finderOptions(request: FindOptions): FinderOptions {
  const options: FinderOptions = {};
  if (request.fields !== undefined) options.fields = request.fields;
  if (request.pairs !== undefined) options.pairs = request.pairs;
  if (request.minSupport !== undefined) options.minSupport = request.minSupport;
  if (request.level !== undefined) options.level = request.level;
  return options;
}

/** The finder's rows for a request, exactly as loaders/metrics/slice-finder.ts gives them. */
export function findSlices(state: State, request: FindRequest): FoundRow[] {
  const options = finderOptions(request);
  if (request.kind === "difference") {
    return findDifferenceSlices(state.index, columnsOf(state, request.a), columnsOf(state, request.b), {
      ...options, ...(request.outcome ? { outcome: request.outcome } : {}),
    });
  }
  return findRefusalSlices(state.index, columnsOf(state, request.run), request.kind, options);
}

function className(code: number): PairClassName {
  return code === APART ? "apart" : code === REFUSE_BOTH ? "refuse_both" : code === ANSWER_BOTH ? "answer_both" : "other";
}

/**
 * The twin pairs a run's pair shares count in a slice: pairs whose unanswerable item is in the slice (`expr`, a
 * filter expression; "" for every item) and that the run has both items of, in item order, each with the class
 * loaders/metrics gives it. So the rows of a class number exactly its share times n.
 */
export function listPairs(state: State, run: string, expr: string): PairListRow[] {
  const columns = columnsOf(state, run);
  const { index } = state;
  const member = expr === "" ? null : filterMembers(index, expr);
  const rows: PairListRow[] = [];
  for (const u of index.paired) {
    if (member && member[u] === 0) continue;
    const t = index.twin[u]!;
    const ou = columns.outcome[u]!, ot = columns.outcome[t]!;
    if (ou === NONE || ot === NONE) continue;
    const code = pairClass(ou, ot);
    rows.push({
      u, t, u_id: index.items[u]!.id, t_id: index.items[t]!.id, category: index.items[u]!.category, u_outcome: OUTCOME_CODES[ou]!, t_outcome: OUTCOME_CODES[ot]!, class: className(code),
      failed: OUTCOME_CODES[ou] === "F" || OUTCOME_CODES[ot] === "F",
    });
  }
  return rows;
}
