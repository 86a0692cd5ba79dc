import { ZeroProvider } from '@rocicorp/zero/react';
import { type ReactNode, startTransition, useEffect, useMemo, useState } from 'react';
import '../../schema/context.ts';
import type { ZeroContext } from '../../schema/context.ts';
import { mutators } from '../../schema/mutators.ts';
import { schema } from '../../schema/schema.ts';
import type { Session } from '../auth/use-session.ts';

// The API relays the sync websocket at /zero on its own origin (server/zero/zero-sync-proxy.ts), unless
// the deployment puts zero-cache elsewhere (ZERO_PUBLIC_URL).
function cacheUrlFor(session: Session): string {
  if (session.zero.url) return session.zero.url;
  return `${location.origin}/zero`;
}

/**
 * One Zero client per signed-in operator, persisted in IndexedDB so the table and threads stay
 * readable offline. A long disconnect timeout keeps queued writes in "connecting" rather than
 * rejecting them after Zero's default minute.
 */
export function CdeskZeroProvider({ session, children }: { session: Session; children: ReactNode }) {
  // Stable identity: ZeroProvider builds a new client (closing the old one and dropping its unsent
  // mutations) whenever an option changes, and App re-renders on every navigation.
  const { id, role, canSendTemplates, channelScope } = session.operator;
  const scopeKey = JSON.stringify(channelScope);
  // biome-ignore lint/correctness/useExhaustiveDependencies: channelScope is compared by content (scopeKey)
  const context: ZeroContext = useMemo(
    () => ({ userID: id, role, canSendTemplates, channelScope, chatsEnabled: true }),
    [id, role, canSendTemplates, scopeKey],
  );
  return (
    <ZeroProvider
      userID={session.operator.id}
      cacheURL={cacheUrlFor(session)}
      schema={schema}
      mutators={mutators}
      context={context}
      kvStore="idb"
      disconnectTimeoutMs={6 * 3600_000}
    >
      <RenderedInSlices>{children}</RenderedInSlices>
    </ZeroProvider>
  );
}

/**
 * Mounts the app in a transition, which React renders in slices of a few milliseconds: Zero starts the
 * moment its provider mounts, and opening its IndexedDB store and its connection take several round trips
 * through the main thread, which the app's first render (100 to 300 ms) would otherwise hold up.
 */
function RenderedInSlices({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => startTransition(() => setMounted(true)), []);
  return mounted ? children : null;
}
