// runJob: a function of a module on a worker thread (or on this one).
import { describe, expect, it } from "vitest";
import { UvqaError } from "../../loaders/errors.ts";
import { runJob, startJob } from "../../loaders/pipeline/worker.ts";

const jobs = new URL("./worker-jobs.ts", import.meta.url);

describe("runJob", () => {
  it("runs the job in a worker, moving its typed arrays both ways", async () => {
    const input = Float64Array.from([1, 2.5, -3]);
    const out = await runJob<{ values: Float64Array; main: boolean }>(jobs, "double", [input], { transfer: [input.buffer] });
    expect(Array.from(out.values)).toEqual([2, 5, -6]);
    expect(out.main).toBe(false);
    // Moved, not copied.
    expect(input.length).toBe(0);
  });

  it("runs the same job on this thread when told to", async () => {
    const out = await runJob<{ values: Float64Array; main: boolean }>(jobs, "double", [Float64Array.from([4])], { here: true });
    expect(Array.from(out.values)).toEqual([8]);
    expect(out.main).toBe(true);
  });

  it("rejects with the job's error message, a UvqaError keeping its exit code", async () => {
    const typed = runJob(jobs, "failTyped", ["x"]);
    await expect(typed).rejects.toThrow("invalid thing: x");
    await expect(typed).rejects.toBeInstanceOf(UvqaError);
    await expect(typed).rejects.toMatchObject({ exitCode: 2 });
    await expect(runJob(jobs, "failPlain", [])).rejects.toThrow("plain failure in a job");
  });

  it("passes the messages posted to the job's inbox, in order, until it ends", async () => {
    for (const here of [false, true]) {
      const job = startJob<number>(jobs, "sum", [100], { here });
      for (const value of [1, 2, 3]) job.post(value);
      job.end();
      expect(await job.result, `here: ${here}`).toBe(106);
      // The job has answered (and its worker is gone): ending it again does nothing.
      job.end();
    }
  });

  it("rejects when the module has no such job", async () => {
    await expect(runJob(jobs, "missing", [])).rejects.toThrow(/^no job missing in file:.*worker-jobs.ts$/);
  });
});
