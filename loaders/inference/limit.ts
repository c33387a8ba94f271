// Jobs run a few at a time, and a failure stops the lot cleanly: no job starts after the first one
// fails (the queue is cleared), and the jobs already running are waited for, so that the caller can
// close its cache and connections knowing nothing still uses them. Then the first error is thrown.
import pLimit from "p-limit";

export async function runLimited<T>(concurrency: number, jobs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const limit = pLimit({ concurrency, rejectOnClear: true });
  let first: { error: unknown } | null = null;
  const tasks = jobs.map((job) => limit(async () => {
    if (first) throw first.error;
    try {
      return await job();
    } catch (error) {
      if (!first) {
        first = { error };
        limit.clearQueue(); // the queued jobs reject (AbortError) without running
      }
      throw error;
    }
  }));
  const settled = await Promise.allSettled(tasks);
  if (first) throw (first as { error: unknown }).error;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
