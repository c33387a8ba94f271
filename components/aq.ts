// Arquero for the components, without its file loaders: its package entry imports node:fs for `load*` (and
// Framework's bundler does not read the package's "browser" field), so the page would fail to load. These deep
// imports are the same functions, minus the Node-only I/O; the types are the package's own.
import type * as Arquero from "arquero";
// @ts-expect-error: arquero ships types for its entry only
import * as tables from "arquero/src/table/index.js";
// @ts-expect-error: see above
import * as csv from "arquero/src/format/to-csv.js";
// @ts-expect-error: see above
import * as ops from "arquero/src/op/op-api.js";
// @ts-expect-error: see above
import * as helpers from "arquero/src/helpers/desc.js";

export const from: typeof Arquero.from = tables.from;
export const table: typeof Arquero.table = tables.table;
export const toCSV: typeof Arquero.toCSV = csv.toCSV;
export const op: typeof Arquero.op = ops.opApi;
export const desc: typeof Arquero.desc = helpers.desc;
