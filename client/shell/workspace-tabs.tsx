import { Box, Button, CloseButton, Group, Text, UnstyledButton } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconMessages } from '@tabler/icons-react';
import { type MouseEvent, useEffect } from 'react';
import { participantLabel } from '../../schema/contact-label.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { Route } from '../app/use-route.ts';
import { chatsStrings } from '../i18n/chats-strings.ts';
import './workspace-tabs.css';

const s = chatsStrings.tabs;

/**
 * The product's tab bar: a dark-blue "Chats" home tab that returns to the list from anywhere, one tab per
 * open conversation (customer name, unread dot, closable; synced in the operator's preferences, so the
 * tabs survive reloads and follow them to another device), and below them the light-blue Chats and
 * Operators sub-tabs. Built as navigation (links with aria-current), since each tab is a place, not a panel.
 */
export function WorkspaceTabs({ route, navigate }: { route: Route; navigate: (r: Route) => void }) {
  const z = useZero();
  const [prefs, prefsResult] = useQuery(queries.preferences.mine());
  const openTabs = prefs?.openTabs ?? [];
  const [convs, convsResult] = useQuery(queries.conversations.byIds({ ids: openTabs.slice(0, 50) }));
  const byId = new Map(convs.map((c) => [c.id, c]));
  const currentId = route.name === 'conversation' ? route.id : null;

  // A conversation reached by URL (a link, a reload, the browser's history) gets its tab too.
  const prefsLoaded = prefsResult.type === 'complete';
  const hasCurrentTab = currentId !== null && openTabs.includes(currentId);
  useEffect(() => {
    if (prefsLoaded && currentId && !hasCurrentTab) {
      z.mutate(mutators.preferences.openTab({ id: currentId, now: Date.now() }));
    }
  }, [z, prefsLoaded, currentId, hasCurrentTab]);

  const closeTab = (id: string) => {
    if (currentId === id) {
      const i = openTabs.indexOf(id);
      const neighbour = openTabs[i + 1] ?? openTabs[i - 1];
      navigate(neighbour ? { name: 'conversation', id: neighbour } : { name: 'chats' });
    }
    z.mutate(mutators.preferences.closeTab({ id, now: Date.now() }));
  };

  return (
    <Box style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Box
        component="nav"
        aria-label={s.openConversations}
        px="xs"
        pt={6}
        style={{ display: 'flex', gap: 4, overflowX: 'auto', alignItems: 'flex-end' }}
      >
        <UnstyledButton
          component="a"
          href="/"
          aria-current={route.name === 'chats' ? 'page' : undefined}
          onClick={(e) => {
            if (e.ctrlKey || e.metaKey || e.shiftKey) return;
            e.preventDefault();
            navigate({ name: 'chats' });
          }}
          data-testid="tab-chats-home"
          px="md"
          py={6}
          style={{
            background: 'var(--mantine-color-cdeskNavy-9)',
            color: 'white',
            borderRadius: '6px 6px 0 0',
            fontWeight: 600,
            flexShrink: 0,
          }}
        >
          <Group gap={6} wrap="nowrap">
            <IconMessages size={16} aria-hidden /> {s.chatsHome}
          </Group>
        </UnstyledButton>
        {openTabs.map((id) => {
          const c = byId.get(id);
          const active = currentId === id;
          const name = c ? participantLabel(c) : convsResult.type === 'complete' ? id : s.loading;
          const unread = (c?.unreadCount ?? 0) > 0;
          return (
            <Group
              key={id}
              gap={2}
              wrap="nowrap"
              pl="sm"
              pr={4}
              py={4}
              data-testid="conversation-tab"
              data-conversation-id={id}
              data-active={active || undefined}
              onAuxClick={(e) => {
                if (e.button === 1) closeTab(id);
              }}
              style={{
                borderRadius: '6px 6px 0 0',
                flexShrink: 0,
                background: active
                  ? 'var(--mantine-color-cdeskBlue-light)'
                  : 'var(--mantine-color-default-hover)',
                boxShadow: active ? 'inset 0 -2px 0 var(--mantine-color-cdeskBlue-7)' : undefined,
              }}
            >
              <UnstyledButton
                component="a"
                href={`/conversations/${encodeURIComponent(id)}`}
                aria-current={active ? 'page' : undefined}
                onClick={(e) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                  e.preventDefault();
                  navigate({ name: 'conversation', id });
                }}
                data-testid="conversation-tab-link"
              >
                {/* A plain dot rather than Mantine's Indicator, whose code counted against the Chats
                    route's budget (issue 12). */}
                <span className="workspace-tab-label">
                  <Text
                    size="sm"
                    fw={active ? 600 : 400}
                    maw={160}
                    style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                  >
                    {name}
                    {unread && <span style={visuallyHidden}>{` (${s.unread})`}</span>}
                  </Text>
                  {unread && <span className="workspace-tab-unread" aria-hidden />}
                </span>
              </UnstyledButton>
              <CloseButton
                size="sm"
                aria-label={s.closeTab(name)}
                onClick={() => closeTab(id)}
                data-testid="conversation-tab-close"
              />
            </Group>
          );
        })}
      </Box>
      {route.name !== 'conversation' && (
        <Group component="nav" aria-label={s.views} gap={4} px="xs" py={4}>
          {(['chats', 'operators'] as const).map((name) => {
            const active = route.name === name || (name === 'chats' && route.name !== 'operators');
            return (
              <Button
                key={name}
                component="a"
                href={name === 'chats' ? '/' : '/operators'}
                size="compact-sm"
                radius="xl"
                variant={active ? 'light' : 'subtle'}
                color={active ? 'cdeskBlue' : 'gray'}
                aria-current={active ? 'page' : undefined}
                onClick={(e: MouseEvent) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                  e.preventDefault();
                  navigate({ name });
                }}
                data-testid={name === 'chats' ? 'tab-chats-list' : 'tab-operators'}
              >
                {name === 'chats' ? s.chatsList : s.operators}
              </Button>
            );
          })}
        </Group>
      )}
    </Box>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;
