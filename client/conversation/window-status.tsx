import { Group, Text } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { type ServiceWindow, serviceWindow } from '../../schema/whatsapp/service-window.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { formatRemaining } from './format-remaining.ts';

/** The 24-hour window, re-evaluated every second while open so the countdown and the switch are live. */
export function useServiceWindow(customerLastMessageAt: number | null | undefined): ServiceWindow {
  const [now, setNow] = useState(() => Date.now());
  // One object per input: the composer is memoised, and a new window object each render would defeat it.
  const win = useMemo(() => serviceWindow(customerLastMessageAt, now), [customerLastMessageAt, now]);
  const ticking = win.state === 'open' || win.state === 'closing';
  useEffect(() => {
    if (!ticking) return;
    // Minutes are enough until the last hour; then every second.
    const every = win.state === 'closing' ? 1000 : 15_000;
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [ticking, win.state]);
  // A new customer message re-opens the window: re-read the clock right away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input change is the trigger
  useEffect(() => setNow(Date.now()), [customerLastMessageAt]);
  return win;
}

export function WindowCountdown({ win }: { win: ServiceWindow }) {
  if (win.state !== 'open' && win.state !== 'closing') return null;
  const closing = win.state === 'closing';
  const left = formatRemaining(win.remainingMs);
  return (
    <Group gap={4} c={closing ? 'orange.8' : 'dimmed'} data-testid="window-countdown" data-state={win.state}>
      <IconClockHour4 size={14} />
      <Text size="xs" fw={closing ? 600 : 400}>
        {closing ? ct.composer.windowClosing(left) : ct.composer.windowOpen(left)}
      </Text>
    </Group>
  );
}
