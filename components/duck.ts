// A table added to the page's DuckDB-WASM database after it started (the explorer's search hits). Framework's
// DuckDBClient (1.13.4, pinned) keeps the AsyncDuckDB as `_db`; the table goes in as Arrow IPC stream bytes, which do
// not depend on which copy of apache-arrow made them (two copies would break duckdb-wasm's instanceof checks).
import { tableToIPC, tableFromArrays } from "apache-arrow";

interface Connection {
  query(sql: string): Promise<unknown>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): Promise<void>;
  close(): Promise<void>;
}
export interface DuckClient {
  _db: { connect(): Promise<Connection> };
  query(sql: string): Promise<Array<Record<string, unknown>>>;
}

/** Replaces table `name` by `(run VARCHAR, item INTEGER)` rows; a null run stands for every run. */
export async function replaceHits(client: DuckClient, name: string, runs: (string | null)[], items: Int32Array): Promise<void> {
  const bytes = tableToIPC(tableFromArrays({ run: runs, item: items }), "stream");
  const connection = await client._db.connect();
  try {
    await connection.query(`DROP TABLE IF EXISTS ${name}`);
    if (items.length) await connection.insertArrowFromIPCStream(bytes, { name, create: true });
    else await connection.query(`CREATE TABLE ${name} (run VARCHAR, item INTEGER)`);
  } finally {
    await connection.close();
  }
}

/**
 * The `outcomes` table of the page's DuckDB-WASM (`client()` starts or gives it), holding only the runs asked for
 * so far: each run's rows go in once, as the IPC stream `stream(run)` gives (outcome-segments.ts); the table is
 * created from the header alone (the
 * schema, no rows) on first use, so queries over it work before any run is in. Loads run one after another.
 */
export interface OutcomesTable {
  /** Resolves once every run of `runs` is in the table. */
  ensure(runs: readonly string[]): Promise<void>;
  /** Runs in the table now. */
  loaded(): string[];
}

export function outcomesTable(client: () => Promise<DuckClient>, stream: (run?: string) => Promise<Uint8Array>, name = "outcomes"): OutcomesTable {
  const loaded = new Set<string>();
  let created = false;
  let chain: Promise<void> = Promise.resolve();
  return {
    ensure(runs) {
      const wanted = [...new Set(runs)];
      // Fetch every wanted run's bytes at once; insert them in turn.
      const bytes = new Map(wanted.filter((run) => !loaded.has(run)).map((run) => [run, stream(run)] as const));
      for (const promise of bytes.values()) promise.catch(() => {});
      const next = chain.then(async () => {
        const todo = wanted.filter((run) => !loaded.has(run));
        if (created && !todo.length) return;
        const db = await client();
        const connection = await db._db.connect();
        try {
          if (!created) {
            await connection.insertArrowFromIPCStream(await stream(), { name, create: true });
            created = true;
          }
          for (const run of todo) {
            await connection.insertArrowFromIPCStream(await (bytes.get(run) ?? stream(run)), { name, create: false });
            loaded.add(run);
          }
        } finally {
          await connection.close();
        }
      });
      chain = next.catch(() => {});
      return next;
    },
    loaded: () => [...loaded],
  };
}
