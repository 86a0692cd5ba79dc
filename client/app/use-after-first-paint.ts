import { useEffect, useState } from 'react';
import { afterNextPaint } from './after-next-paint.ts';

/**
 * False in a component's first render and until the frame that shows it has been painted, then true: parts
 * that can follow a frame later (side panes, with their own queries) are left out of the first one.
 *
 * With `ready`, the wait starts only once `ready` is true (what the operator came for has rendered), or
 * after `atMostMs` whatever happens (null: however long it takes): the parts that follow take the main
 * thread for a while, and the data the first frame was waiting for must not arrive behind them.
 */
export function useAfterFirstPaint(ready = true, atMostMs: number | null = 1_500): boolean {
  const [painted, setPainted] = useState(false);
  const [waitedLong, setWaitedLong] = useState(false);
  useEffect(() => {
    if (ready || atMostMs === null) return;
    const timer = setTimeout(() => setWaitedLong(true), atMostMs);
    return () => clearTimeout(timer);
  }, [ready, atMostMs]);
  const start = ready || waitedLong;
  useEffect(() => {
    if (!start) return;
    let live = true;
    void afterNextPaint().then(() => {
      if (live) setPainted(true);
    });
    return () => {
      live = false;
    };
  }, [start]);
  return painted;
}
