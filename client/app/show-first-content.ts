import { afterNextPaint } from './after-next-paint.ts';
import { firstContentShown, markFirstContent } from './first-content.ts';

/**
 * Called by a screen when its content is in the DOM (the table's first rows, a conversation's newest
 * messages): what waits for the content (first-content.ts) starts after the frame that shows it. Its own
 * module, imported only by the route's screens, so that first-content.ts (which lazily loaded code reaches
 * too) stays a module of the route's entry chunk.
 */
export function showFirstContent(): void {
  if (firstContentShown()) return; // every later screen (each conversation opened) has nothing to wait for
  void afterNextPaint().then(markFirstContent);
}
