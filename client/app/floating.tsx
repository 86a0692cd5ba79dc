import type { PopoverDropdownProps, PopoverProps, TooltipProps } from '@mantine/core';
import {
  cloneElement,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import { afterFirstContent } from './first-content.ts';

// Mantine's Tooltip and Popover bring Floating UI, their transitions and focus trap (about 30 kB gzipped)
// and none of it is needed to paint the Chats route (issue 12's budget, scripts/bundle-size.ts): the
// header's and the toolbar's tooltips and popovers take them from here, which fetches that code once the
// screen shows its content (first-content.ts). Until it has arrived a trigger renders bare; one clicked in
// the meantime opens its popover when the code is here.

type Floating = typeof import('./floating-components.ts');

let loaded: Floating | null = null;
let pending: Promise<Floating> | null = null;
const listeners = new Set<() => void>();

/** Fetches the code now (tests render with it present, as the app does a moment after the first paint). */
export function preloadFloating(): Promise<unknown> {
  return load();
}

function load(): Promise<Floating> {
  pending ??= import('./floating-components.ts').then(
    (m) => {
      loaded = m;
      for (const listener of listeners) listener();
      return m;
    },
    (err: unknown) => {
      pending = null; // a failed fetch (offline, a new deploy) is retried by the next trigger or click
      throw err;
    },
  );
  return pending;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function useFloating(): Floating | null {
  const floating = useSyncExternalStore(subscribe, () => loaded);
  useEffect(() => {
    // Once the screen shows its content: evaluating this code before took the first rows' main thread.
    if (!floating) void afterFirstContent().then(() => load().catch(() => {}));
  }, [floating]);
  return floating;
}

/** Mantine's Tooltip once its code is here; until then its target alone. */
export function LazyTooltip({ children, ...props }: TooltipProps) {
  const floating = useFloating();
  return floating ? <floating.Tooltip {...props}>{children}</floating.Tooltip> : children;
}

type Clickable = ReactElement<{ onClick?: (e: MouseEvent<HTMLElement>) => void }>;

/**
 * Mantine's Popover around `target` (with a tooltip `tip` on it, if given) and `children` as its dropdown,
 * once the code is here; until then `target` alone, and a click on it opens the popover when it arrives.
 */
export function LazyPopover({
  target,
  tip,
  dropdownProps,
  children,
  ...props
}: Omit<PopoverProps, 'children'> & {
  target: Clickable;
  tip?: string;
  dropdownProps?: PopoverDropdownProps & { 'data-testid'?: string };
  children: ReactNode;
}) {
  const floating = useFloating();
  const [clicked, setClicked] = useState(false);
  if (!floating) {
    return cloneElement(target, {
      onClick: (e: MouseEvent<HTMLElement>) => {
        target.props.onClick?.(e);
        setClicked(true);
        void load().catch(() => {});
      },
    });
  }
  const { Popover, Tooltip } = floating;
  return (
    <Popover defaultOpened={clicked} {...props}>
      <Popover.Target>{tip ? <Tooltip label={tip}>{target}</Tooltip> : target}</Popover.Target>
      <Popover.Dropdown {...dropdownProps}>{children}</Popover.Dropdown>
    </Popover>
  );
}
