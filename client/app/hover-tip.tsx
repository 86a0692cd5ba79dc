import { type RefObject, useEffect, useRef, useState } from 'react';
import { LazyTooltip } from './floating.tsx';

type Tip = { label: string; left: number; top: number; width: number; height: number };

/**
 * One tooltip for every element carrying `data-tip` inside a container (pointer hover or keyboard focus),
 * so long lists (the Chats table, a thread) mount no tooltip component per cell. The element's box is
 * read once when the pointer enters it; scrolling closes the tip.
 */
export function HoverTip({ containerRef }: { containerRef: RefObject<HTMLElement | null> }) {
  const [tip, setTip] = useState<Tip | null>(null);
  const shown = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const tipTarget = (node: EventTarget | null) =>
      node instanceof Element ? node.closest<HTMLElement>('[data-tip]') : null;
    const show = (e: Event) => {
      const target = tipTarget(e.target);
      const label = target?.dataset.tip;
      if (!target || !label || target === shown.current || !el.contains(target)) return;
      const r = target.getBoundingClientRect();
      shown.current = target;
      setTip({ label, left: r.left, top: r.top, width: r.width, height: r.height });
    };
    const close = () => {
      if (!shown.current) return;
      shown.current = null;
      setTip(null);
    };
    const hide = (e: Event) => {
      // Moving between the children of the element that shows the tip keeps it.
      if (shown.current && tipTarget((e as FocusEvent | PointerEvent).relatedTarget) === shown.current)
        return;
      close();
    };
    el.addEventListener('pointerover', show);
    el.addEventListener('pointerout', hide);
    el.addEventListener('focusin', show);
    el.addEventListener('focusout', hide);
    el.addEventListener('scroll', close, { passive: true });
    return () => {
      el.removeEventListener('pointerover', show);
      el.removeEventListener('pointerout', hide);
      el.removeEventListener('focusin', show);
      el.removeEventListener('focusout', hide);
      el.removeEventListener('scroll', close);
    };
  }, [containerRef]);
  if (!tip) return null;
  return (
    <LazyTooltip label={tip.label} opened withArrow>
      <span
        aria-hidden
        style={{
          position: 'fixed',
          left: tip.left,
          top: tip.top,
          width: tip.width,
          height: tip.height,
          pointerEvents: 'none',
        }}
      />
    </LazyTooltip>
  );
}
