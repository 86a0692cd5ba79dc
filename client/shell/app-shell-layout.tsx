import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Text,
  useMantineColorScheme,
} from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconMoon, IconSettings, IconSun } from '@tabler/icons-react';
import { Suspense } from 'react';
import { queries } from '../../schema/queries.ts';
import { AlertPreferencesMenu } from '../alerts/alert-preferences-menu.tsx';
import { LazyTooltip } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { ConversationView, OperatorsTable, SettingsPage } from '../app/lazy-screens.ts';
import { showFirstContent } from '../app/show-first-content.ts';
import { useAfterFirstContent } from '../app/use-after-first-content.ts';
import { usePreloadWhenIdle } from '../app/use-preload-when-idle.ts';
import { useRoute } from '../app/use-route.ts';
import { SignOutMenu } from '../auth/sign-out-menu.tsx';
import type { Session } from '../auth/use-session.ts';
import { ChatsWorkspace } from '../chats/chats-workspace.tsx';
import { CommandProvider } from '../commands/command-provider.tsx';
import { settingsLinkStrings } from '../i18n/settings-link-strings.ts';
import { t } from '../i18n/strings.ts';
import { ConnectionBanner } from './connection-banner.tsx';
import { WorkspaceTabs } from './workspace-tabs.tsx';

// New-message alerts paint nothing until a message arrives (their baseline is the server's first complete
// answer, which comes later still): their code loads and runs once the screen shows its content.
const InboundAlerts = lazyComponent(() =>
  import('../alerts/inbound-alerts.tsx').then((m) => m.InboundAlerts),
);

// Presence, the permission and session checks paint nothing: they start once the screen shows its content.
const SessionUpkeep = lazyComponent(() => import('./session-upkeep.ts').then((m) => m.SessionUpkeep));

// An admin's banner about a broken business number: rare, and the table paints first (issue 12's budget,
// and its first rows).
const ChannelHealthBanner = lazyComponent(() =>
  import('../settings/channel-health-banner.tsx').then((m) => m.ChannelHealthBanner),
);

export function AppShellLayout({ session }: { session: Session }) {
  const [route, navigate] = useRoute();
  const [settings] = useQuery(queries.settings.get());
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const chatsOn = session.licence.chats && settings?.chatsEnabled !== false;
  const isAdmin = session.operator.role === 'admin';
  // Everything on a warm reload runs on one busy main thread until the first rows: what paints nothing
  // the operator came for waits until they are shown.
  const later = useAfterFirstContent();
  const openSettings = () => navigate({ name: 'settings' });
  // Operators open a conversation from the table within seconds: its code is fetched in advance.
  usePreloadWhenIdle(ConversationView.preload);

  return (
    // A plain flex column rather than Mantine's AppShell (no navbar, aside or footer here): the same
    // header and main regions, without AppShell's code on the Chats route's critical path.
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100dvh' }}>
      {later && (
        <Suspense fallback={null}>
          <SessionUpkeep session={session} />
        </Suspense>
      )}
      <Box
        component="header"
        h={48}
        style={{
          flexShrink: 0,
          borderBottom: '1px solid var(--mantine-color-default-border)',
          background: 'var(--mantine-color-body)',
        }}
      >
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={700}>{t.app.name}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" data-testid="current-operator">
              {session.operator.name}
            </Text>
            <Badge variant="light" size="sm">
              {session.operator.role}
            </Badge>
            {chatsOn && <AlertPreferencesMenu />}
            {isAdmin && (
              <LazyTooltip label={settingsLinkStrings.open}>
                <ActionIcon
                  variant={route.name === 'settings' ? 'light' : 'subtle'}
                  aria-label={settingsLinkStrings.open}
                  onClick={openSettings}
                  data-testid="open-settings"
                >
                  <IconSettings size={18} />
                </ActionIcon>
              </LazyTooltip>
            )}
            <LazyTooltip label={colorScheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="subtle" aria-label="Toggle colour scheme" onClick={toggleColorScheme}>
                {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </LazyTooltip>
            <SignOutMenu />
          </Group>
        </Group>
      </Box>
      <Box component="main" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <ConnectionBanner />
        {route.name === 'settings' && isAdmin ? (
          <Suspense fallback={<ScreenLoader />}>
            <SettingsPage session={session} onBack={() => navigate({ name: 'chats' })} />
          </Suspense>
        ) : !chatsOn ? (
          <Stack p="xl" gap="sm" align="flex-start">
            <Text c="dimmed" data-testid="module-disabled">
              {session.licence.chats ? t.module.disabled : t.module.notLicensed}
            </Text>
            {isAdmin && <Button onClick={openSettings}>{settingsLinkStrings.openSettings}</Button>}
          </Stack>
        ) : (
          <CommandProvider me={session.operator} route={route} navigate={navigate}>
            {later && (
              <Suspense fallback={null}>
                <InboundAlerts route={route} navigate={navigate} />
              </Suspense>
            )}
            {later && isAdmin && (
              <Suspense fallback={null}>
                <ChannelHealthBanner onOpenSettings={openSettings} />
              </Suspense>
            )}
            <WorkspaceTabs route={route} navigate={navigate} />
            <div style={{ flex: 1, minHeight: 0, display: 'flex' }}>
              {route.name === 'operators' ? (
                <Suspense fallback={<ScreenLoader />}>
                  <OperatorsTable />
                </Suspense>
              ) : route.name === 'conversation' ? (
                <Suspense fallback={<ScreenLoader />}>
                  <ConversationView
                    id={route.id}
                    operator={session.operator}
                    timeZone={session.timeZone}
                    // Passed in rather than imported there: the lazily loaded view would share a chunk with the route.
                    onThreadShown={showFirstContent}
                  />
                </Suspense>
              ) : (
                <ChatsWorkspace session={session} navigate={navigate} />
              )}
            </div>
          </CommandProvider>
        )}
      </Box>
    </Box>
  );
}

function ScreenLoader() {
  return (
    <Center flex={1}>
      <Loader aria-label="Loading" />
    </Center>
  );
}
