import { Box, CloseButton, Group, Indicator, Tabs, UnstyledButton } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconMessages } from '@tabler/icons-react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { Route } from '../app/use-route.ts';
import { t } from '../i18n/strings.ts';

/**
 * The product's tab bar: a dark-blue "Chats" home tab, one tab per open conversation (synced with
 * the operator's preferences, so it survives reloads and follows them to another device), and below
 * them the light-blue Chats and Operators sub-tabs.
 */
export function WorkspaceTabs({ route, navigate }: { route: Route; navigate: (r: Route) => void }) {
  const z = useZero();
  const [prefs] = useQuery(queries.preferences.mine());
  const openTabs = prefs?.openTabs ?? [];
  const [convs] = useQuery(queries.conversations.byIds({ ids: openTabs.slice(0, 50) }));
  const byId = new Map(convs.map((c) => [c.id, c]));

  const closeTab = (id: string) => {
    z.mutate(mutators.preferences.update({ openTabs: openTabs.filter((x) => x !== id), now: Date.now() }));
    if (route.name === 'conversation' && route.id === id) navigate({ name: 'chats' });
  };

  return (
    <Box style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group
        gap={4}
        px="xs"
        pt={6}
        wrap="nowrap"
        style={{ overflowX: 'auto' }}
        role="tablist"
        aria-label="Open conversations"
      >
        <UnstyledButton
          role="tab"
          aria-selected={route.name !== 'conversation'}
          onClick={() => navigate({ name: 'chats' })}
          data-testid="tab-chats-home"
          px="md"
          py={6}
          style={{
            background: 'var(--mantine-color-cdeskNavy-9)',
            color: 'white',
            borderRadius: '6px 6px 0 0',
            fontWeight: 600,
          }}
        >
          <Group gap={6} wrap="nowrap">
            <IconMessages size={16} /> {t.tabs.chatsHome}
          </Group>
        </UnstyledButton>
        {openTabs.map((id) => {
          const c = byId.get(id);
          const active = route.name === 'conversation' && route.id === id;
          return (
            <Group
              key={id}
              gap={2}
              wrap="nowrap"
              px="sm"
              py={4}
              style={{
                borderRadius: '6px 6px 0 0',
                background: active
                  ? 'var(--mantine-color-cdeskBlue-1)'
                  : 'var(--mantine-color-default-hover)',
                color: active ? 'var(--mantine-color-cdeskBlue-9)' : undefined,
              }}
            >
              <UnstyledButton
                role="tab"
                aria-selected={active}
                data-testid="conversation-tab"
                onClick={() => navigate({ name: 'conversation', id })}
              >
                <Indicator
                  disabled={!c || c.unreadCount === 0}
                  size={8}
                  color="red"
                  offset={-2}
                  aria-label={t.tabs.unread}
                >
                  <Box
                    maw={160}
                    style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                  >
                    {c ? c.participantName || c.participantPhone : '…'}
                  </Box>
                </Indicator>
              </UnstyledButton>
              <CloseButton size="xs" aria-label={t.tabs.closeTab} onClick={() => closeTab(id)} />
            </Group>
          );
        })}
      </Group>
      {route.name !== 'conversation' && (
        <Tabs
          value={route.name === 'operators' ? 'operators' : 'chats'}
          onChange={(v) => navigate(v === 'operators' ? { name: 'operators' } : { name: 'chats' })}
          color="cdeskBlue.4"
          variant="pills"
          px="xs"
          py={4}
        >
          <Tabs.List>
            <Tabs.Tab value="chats" data-testid="tab-chats-list">
              {t.tabs.chatsList}
            </Tabs.Tab>
            <Tabs.Tab value="operators" data-testid="tab-operators">
              {t.tabs.operators}
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
      )}
    </Box>
  );
}
