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
