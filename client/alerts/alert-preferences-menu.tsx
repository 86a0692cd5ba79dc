import { ActionIcon, Loader } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { Suspense } from 'react';
import { LazyPopover } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { usePreloadWhenIdle } from '../app/use-preload-when-idle.ts';
import { alertsStrings } from '../i18n/alerts-strings.ts';

// The choices are read when the bell is opened, not to paint the Chats route.
const AlertPreferencesForm = lazyComponent(() =>
  import('./alert-preferences-form.tsx').then((m) => m.AlertPreferencesForm),
);

/** The bell in the header: the operator's own alert choices, kept on their account (every device). */
export function AlertPreferencesMenu() {
  usePreloadWhenIdle(AlertPreferencesForm.preload);
  return (
    <LazyPopover
      position="bottom-end"
      shadow="md"
      width={300}
      withArrow
      tip={alertsStrings.menuLabel}
      target={
        <ActionIcon variant="subtle" aria-label={alertsStrings.menuLabel} data-testid="alert-preferences">
          <IconBell size={18} />
        </ActionIcon>
      }
    >
      <Suspense fallback={<Loader size="sm" aria-label={alertsStrings.loading} />}>
        <AlertPreferencesForm />
      </Suspense>
    </LazyPopover>
  );
}
