// Work no figure needs (DuckDB-WASM for a table further down the page) waits until the first figure is drawn.
// On two cores, DuckDB's worker compiling beside the page's own modules held the overview's first figure back:
// at 1M responses it came at 1.6-2.0 s with DuckDB started at once, 1.0-1.2 s with it started after.

/** Resolves when the page has drawn its first figure (components/figure.ts), then has a moment of idle time; or
 * after `timeoutMs` (a page whose figures are all hidden, or fail, still gets what waits on this). */
export function afterFirstFigure(win: Window, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 3000;
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      win.removeEventListener("uvqa:figure", drawn);
      win.clearTimeout(timer);
      resolve();
    };
    // Idle time after the figure: its layout and paint come first. Without requestIdleCallback, the next task.
    const idle = () => (typeof win.requestIdleCallback === "function" ? win.requestIdleCallback(finish, { timeout: 500 }) : win.setTimeout(finish, 0));
    const drawn = () => idle();
    const timer = win.setTimeout(finish, timeoutMs);
    if (win.document.querySelector("[data-rendered]")) idle();
    else win.addEventListener("uvqa:figure", drawn, { once: true });
  });
}
