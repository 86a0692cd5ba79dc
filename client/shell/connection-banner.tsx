import { Alert } from '@mantine/core';
import { useConnectionState } from '@rocicorp/zero/react';
import { t } from '../i18n/strings.ts';

/** Tells the operator when the live connection is gone; reading goes on from the local store. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state.name === 'connected') return null;
  const offline = state.name === 'disconnected' || state.name === 'error' || state.name === 'needs-auth';
  return (
    <Alert
      color={offline ? 'orange' : 'gray'}
      radius={0}
      py={4}
      data-testid="connection-banner"
      role="status"
    >
      {offline ? t.connection.offline : t.connection.connecting}
    </Alert>
  );
}
