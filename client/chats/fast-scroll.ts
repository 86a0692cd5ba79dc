/**
 * Whether the table is being flung faster than anyone reads, and a way to wait for it to slow down.
 *
 * A fast wheel or a fling on a tablet brings a dozen new rows every frame. Building each row's cells (a
 * dozen elements with text, icons and their style and layout) is what such a frame cannot afford on a
 * tablet's CPU: measured with Chromium's CPU slowed 4×, a fast scroll over rows without cells took 1 long
 * task where the full rows took 40 to 135 (docs/benchmarks.md). So while the table moves faster than
 * FAST_PX_PER_S, new rows show only the participant's name (chat-row.tsx), and their cells are built as
 * soon as the scroll slows below SLOW_PX_PER_S or stops for SETTLE_MS.
 */

/** About 57 rows a second: faster than rows can be read. */
export const FAST_PX_PER_S = 2_500;
/** Below this (about 23 rows a second) the operator is reading again. */
export const SLOW_PX_PER_S = 1_000;
/**
 * The speed is the distance scrolled over this much time: on a busy tablet scroll events come 100 to 250 ms
 * apart, and the table's own position fixes in between move it by a few pixels, so one gap says little.
 */
export const SPEED_WINDOW_MS = 400;
/** No scroll event for this long: the scroll has stopped (longer than the gaps of a busy tablet's frames). */
export const SETTLE_MS = 300;

export class FastScroll {
  #fast = false;
  #lastTop = 0;
  /** The distance of each recent scroll event, and when. */
  #moves: { at: number; px: number }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waiting = new Set<() => void>();

  get fast(): boolean {
    return this.#fast;
  }

  /** Runs `draw` once the scroll slows down or stops; returns a function that cancels it. */
  whenSettled(draw: () => void): () => void {
    this.#waiting.add(draw);
    return () => this.#waiting.delete(draw);
  }

  /** Follows `el`'s scroll events; returns a function that stops. */
  attach(el: HTMLElement): () => void {
    this.#lastTop = el.scrollTop;
    const onScroll = () => this.scrolled(el.scrollTop, performance.now());
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      clearTimeout(this.#timer);
      this.#settle();
    };
  }

  /** One scroll event: the position and its time. */
  scrolled(top: number, at: number): void {
    this.#moves.push({ at, px: Math.abs(top - this.#lastTop) });
    this.#lastTop = top;
    while ((this.#moves[0]?.at ?? at) < at - SPEED_WINDOW_MS) this.#moves.shift();
    const speed = (this.#moves.reduce((sum, m) => sum + m.px, 0) / SPEED_WINDOW_MS) * 1000;
    if (!this.#fast && speed > FAST_PX_PER_S) this.#fast = true;
    else if (this.#fast && speed < SLOW_PX_PER_S) this.#settle();
    clearTimeout(this.#timer);
    if (this.#fast) this.#timer = setTimeout(() => this.#settle(), SETTLE_MS);
  }

  #settle(): void {
    this.#fast = false;
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const draw of waiting) draw();
  }
}
