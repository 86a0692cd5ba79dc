import { Alert } from '@mantine/core';
import { useConnectionState } from '@rocicorp/zero/react';
import { useSyncExternalStore } from 'react';
import { t } from '../i18n/strings.ts';

function onOnlineChange(changed: () => void) {
  addEventListener('online', changed);
  addEventListener('offline', changed);
  return () => {
    removeEventListener('online', changed);
    removeEventListener('offline', changed);
  };
}

/** Tells the operator when the live connection is gone; reading goes on from the local store. */
export function ConnectionBanner() {
  const state = useConnectionState();
  // The browser knows before Zero's ping times out: no network at all is "offline" straight away. (Read
  // directly: Mantine's useNetwork also tracks the connection's type and speed, code on the Chats route's
  // budget for nothing shown here.)
  const online = useSyncExternalStore(onOnlineChange, () => navigator.onLine);
  if (state.name === 'connected' && online) return null;
  const offline =
    !online || state.name === 'disconnected' || state.name === 'error' || state.name === 'needs-auth';
  return (
    <Alert
      color={offline ? 'orange' : 'gray'}
      radius={0}
      py={4}
      data-testid="connection-banner"
      data-offline={offline}
      role="status"
    >
      {offline ? t.connection.offline : t.connection.connecting}
    </Alert>
  );
}
