import { Alert } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { useConnectionState } from '@rocicorp/zero/react';
import { t } from '../i18n/strings.ts';

/** Tells the operator when the live connection is gone; reading goes on from the local store. */
export function ConnectionBanner() {
  const state = useConnectionState();
  // The browser knows before Zero's ping times out: no network at all is "offline" straight away.
  const network = useNetwork();
  if (state.name === 'connected' && network.online) return null;
  const offline =
    !network.online || state.name === 'disconnected' || state.name === 'error' || state.name === 'needs-auth';
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
