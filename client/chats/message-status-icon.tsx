import { useLayoutEffect, useRef } from 'react';
import type { MessageStatus } from '../../schema/whatsapp/message-status.ts';
import { messageStatusElement } from './message-status-look.ts';

/** A message's ticks in React (the thread's bubbles): the same element the Chats table builds. */
export function MessageStatusIcon({
  status,
  error,
}: {
  status: MessageStatus | null | undefined;
  error?: string | null;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const ticks = messageStatusElement(status, error);
    ref.current?.replaceChildren(...(ticks ? [ticks] : []));
  }, [status, error]);
  return <span ref={ref} style={{ display: 'contents' }} />;
}
