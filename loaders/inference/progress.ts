// A progress bar on stderr (rate, ETA), or nothing.
import cliProgress from "cli-progress";

export interface Progress {
  tick(failed: boolean): void;
  stop(): void;
}

export function progressBar(total: number, label: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || total === 0) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | failed {failed}`,
    hideCursor: false,
    noTTYOutput: !stream.isTTY,
    notTTYSchedule: 2000,
    etaBuffer: 50,
    fps: 5,
  }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let failed = 0;
  let done = 0;
  const rate = () => (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
  bar.start(total, 0, { failed, rate: "0.0" });
  return {
    tick(isFailure) {
      done++;
      if (isFailure) failed++;
      bar.increment(1, { failed, rate: rate() });
    },
    stop() {
      bar.update(done, { failed, rate: rate() });
      bar.stop();
    },
  };
}
