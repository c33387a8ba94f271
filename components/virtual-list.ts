// A virtualised list: only the rows in view (plus a few above and below) are in the DOM, whatever the count, and
// rows are fetched a page at a time as the reader scrolls. A million rows would need a 40-million-pixel spacer,
// more than browsers lay out, so past `MAX_SPACER` the scroll position maps onto the rows proportionally.

export interface VirtualListOptions<T> {
  /** Rows in all. */
  count: number;
  /** Height of one row in px (rows are all this tall). */
  rowHeight: number;
  /** Height of the scrolling box in px. */
  height: number;
  /** Rows [start, end) (end <= count); called once per page. */
  fetch: (start: number, end: number) => Promise<T[]>;
  /** One row's element; it is given `aria-rowindex` and positioned by the list. */
  render: (row: T, index: number) => HTMLElement;
  /** Rows fetched at once. */
  pageSize?: number;
  /** Rows drawn beyond the visible ones, above and below. */
  overscan?: number;
  label: string;
}

export type VirtualList = HTMLElement & {
  /** Index of the first row in view. */
  first(): number;
  scrollToIndex(index: number): void;
  /** Rows now in the DOM (a test hook). */
  rendered(): number;
  /** Resolves once the rows in view are drawn. */
  settled(): Promise<void>;
};

export const MAX_SPACER = 8_000_000;

/** The row range to draw for a scroll position (pure, tested). */
export function visibleRange(scrollTop: number, options: { count: number; rowHeight: number; height: number; overscan: number }): { first: number; start: number; end: number; scale: number } {
  const { count, rowHeight, height, overscan } = options;
  const total = count * rowHeight;
  const spacer = Math.min(total, MAX_SPACER);
  // Beyond MAX_SPACER, one scrolled pixel moves `scale` rows' worth of pixels.
  const scale = spacer > height ? (total - height) / (spacer - height) : 1;
  const first = Math.min(Math.max(0, count - 1), Math.floor((scrollTop * scale) / rowHeight));
  const inView = Math.ceil(height / rowHeight) + 1;
  return { first, start: Math.max(0, first - overscan), end: Math.min(count, first + inView + overscan), scale };
}

export function virtualList<T>(doc: Document, options: VirtualListOptions<T>): VirtualList {
  const { count, rowHeight, height } = options;
  const pageSize = options.pageSize ?? 100;
  const overscan = options.overscan ?? 8;
  const box = doc.createElement("div") as unknown as VirtualList;
  box.className = "virtual-list";
  box.setAttribute("role", "table");
  box.setAttribute("aria-label", options.label);
  box.setAttribute("aria-rowcount", String(count));
  box.tabIndex = 0;
  box.style.height = `${height}px`;
  box.style.overflowY = "auto";
  box.style.position = "relative";
  const spacer = doc.createElement("div");
  spacer.className = "virtual-spacer";
  spacer.style.height = `${Math.min(count * rowHeight, MAX_SPACER)}px`;
  const view = doc.createElement("div");
  view.className = "virtual-rows";
  view.setAttribute("role", "rowgroup");
  view.style.position = "absolute";
  view.style.left = "0";
  view.style.right = "0";
  box.append(spacer, view);

  const pages = new Map<number, Promise<T[]>>();
  const page = (p: number) => {
    let promise = pages.get(p);
    if (!promise) {
      promise = options.fetch(p * pageSize, Math.min(count, (p + 1) * pageSize));
      pages.set(p, promise);
      promise.catch(() => pages.delete(p));
      // Keep memory bounded when a reader scrolls through a million rows.
      if (pages.size > 50) pages.delete(pages.keys().next().value!);
    }
    return promise;
  };

  let drawn = { start: -1, end: -1 };
  let pending: Promise<void> = Promise.resolve();
  let frame = 0;
  const draw = async () => {
    const range = visibleRange(box.scrollTop, { count, rowHeight, height, overscan });
    if (range.start === drawn.start && range.end === drawn.end) return;
    drawn = { start: range.start, end: range.end };
    const firstPage = Math.floor(range.start / pageSize);
    const lastPage = Math.floor(Math.max(range.start, range.end - 1) / pageSize);
    const loaded: T[][] = [];
    for (let p = firstPage; p <= lastPage && count > 0; p++) loaded.push(await page(p));
    if (drawn.start !== range.start || drawn.end !== range.end) return; // scrolled on meanwhile
    const rows: HTMLElement[] = [];
    for (let i = range.start; i < range.end; i++) {
      const p = Math.floor(i / pageSize) - firstPage;
      const row = loaded[p]?.[i - (firstPage + p) * pageSize];
      if (row === undefined) continue;
      const element = options.render(row, i);
      element.setAttribute("role", "row");
      element.setAttribute("aria-rowindex", String(i + 1));
      element.style.height = `${rowHeight}px`;
      rows.push(element);
    }
    // Rows sit where the scroll position says, so the box scrolls smoothly between redraws.
    view.style.top = `${box.scrollTop + (range.start - range.first) * rowHeight - ((box.scrollTop * range.scale) % rowHeight)}px`;
    view.replaceChildren(...rows);
  };
  const schedule = () => {
    if (frame) return;
    frame = doc.defaultView!.requestAnimationFrame(() => {
      frame = 0;
      pending = draw();
    });
  };
  box.addEventListener("scroll", schedule, { passive: true });
  box.addEventListener("keydown", (event) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: Math.floor(height / rowHeight), PageUp: -Math.floor(height / rowHeight) }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    box.scrollToIndex(visibleRange(box.scrollTop, { count, rowHeight, height, overscan }).first + step);
  });
  box.first = () => visibleRange(box.scrollTop, { count, rowHeight, height, overscan }).first;
  box.scrollToIndex = (index: number) => {
    const { scale } = visibleRange(0, { count, rowHeight, height, overscan });
    box.scrollTop = (Math.max(0, Math.min(count - 1, index)) * rowHeight) / scale;
    schedule();
  };
  box.rendered = () => view.childElementCount;
  box.settled = async () => {
    await pending;
    await draw();
  };
  pending = draw();
  return box;
}
