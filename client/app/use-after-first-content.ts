import { useEffect, useState } from 'react';
import { afterFirstContent, firstContentShown } from './first-content.ts';

/**
 * False until the screen the operator opened has shown its content (first-content.ts), then true: for the
 * parts of the page that paint nothing the operator opened it for (alerts, presence, the header's menus).
 * Mounted after that moment (another screen), true from the first render.
 */
export function useAfterFirstContent(): boolean {
  const [shown, setShown] = useState(firstContentShown);
  useEffect(() => {
    if (shown) return;
    let live = true;
    void afterFirstContent().then(() => {
      if (live) setShown(true);
    });
    return () => {
      live = false;
    };
  }, [shown]);
  return shown;
}
