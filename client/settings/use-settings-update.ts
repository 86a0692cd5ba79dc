import { useZero } from '@rocicorp/zero/react';
import { useState } from 'react';
import type { SettingsUpdateArgs } from '../../schema/mutators/settings.ts';
import { mutators } from '../../schema/mutators.ts';

/**
 * Saves Global Settings (`settings.update`) and waits for the server, which alone knows the licence:
 * its refusal becomes `error`, cleared by the next save.
 */
export function useSettingsUpdate() {
  const z = useZero();
  const [error, setError] = useState<string | null>(null);
  const update = async (changes: Omit<SettingsUpdateArgs, 'now'>) => {
    setError(null);
    const result = await z.mutate(mutators.settings.update({ ...changes, now: Date.now() })).server;
    if (result.type === 'error') setError(result.error.message);
  };
  return { error, update };
}
