import { ActionIcon } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import type { ComponentPropsWithRef } from 'react';
import { LazyTooltip } from '../app/floating.tsx';
import { t } from '../i18n/strings.ts';

/** The header's sign-out button: the menu's target, and its stand-in until the menu's code has arrived. */
export function SignOutButton(props: ComponentPropsWithRef<'button'>) {
  return (
    <LazyTooltip label={t.auth.logout}>
      <ActionIcon {...props} variant="subtle" aria-label={t.auth.logout} data-testid="sign-out-menu">
        <IconLogout size={18} />
      </ActionIcon>
    </LazyTooltip>
  );
}
