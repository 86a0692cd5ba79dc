import { useZero } from '@rocicorp/zero/react';
import { useCallback } from 'react';
import { mutators } from '../../schema/mutators.ts';
import type { Route } from '../app/use-route.ts';

/**
 * Opens a conversation: adds its tab to the operator's synced open tabs (so it is there after a reload
 * and on their other devices) and shows it.
 */
export function useOpenConversation(navigate: (r: Route) => void) {
  const z = useZero();
  return useCallback(
    (id: string) => {
      z.mutate(mutators.preferences.openTab({ id, now: Date.now() }));
      navigate({ name: 'conversation', id });
    },
    [z, navigate],
  );
}
