import { ActionIcon, Group, Menu, Popover } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import {
  IconArrowBackUp,
  IconCopy,
  IconDots,
  IconFilePlus,
  IconMoodSmile,
  IconPlaylistAdd,
  IconRefresh,
} from '@tabler/icons-react';
import { type FocusEvent, useEffect, useRef, useState } from 'react';
import { ct } from '../i18n/conversation-strings.ts';
import { messageSummary } from './message-summary.ts';
import type { MessageActions, ThreadMessageRow } from './types.ts';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

type Tool = 'react' | 'menu';

type ToolsProps = { message: ThreadMessageRow; canWrite: boolean; actions: MessageActions };

const NOT_OPENED: Armed = { open: null, focus: null };

// The two buttons, the same whether plain or a menu's target.
const REACT_BUTTON = {
  variant: 'subtle',
  size: 'sm',
  color: 'gray',
  'aria-label': ct.menu.react,
  'data-tip': ct.menu.react,
  'data-tool': 'react',
} as const;
const MENU_BUTTON = {
  variant: 'subtle',
  size: 'sm',
  color: 'gray',
  'aria-label': ct.menu.open,
  'data-tool': 'menu',
  'data-testid': 'message-menu',
} as const;

/** How the operator reached the plain buttons: the menu a click opens, the button keyboard focus was on. */
type Armed = { open: Tool | null; focus: Tool | null };

function toolOf(target: EventTarget): Tool | null {
  const tool = target instanceof HTMLElement ? target.dataset.tool : undefined;
  return tool === 'react' || tool === 'menu' ? tool : null;
}

/**
 * A message's react button and action menu. Mantine's Popover and Menu set up Floating UI as they mount, and
 * a thread mounts a bubble for every message on screen (each open, each reply, each scroll), while an
 * operator opens one message's menu now and then: the buttons stay plain until the pointer has been over the
 * message (`reached`), keyboard focus reaches them or one is clicked (a touch), and the menus mount then, a
 * clicked one open. Arming replaces the buttons' elements, so the bubble arms them as soon as the pointer
 * enters it, well before it can press one.
 */
export function MessageTools({ reached, ...props }: ToolsProps & { reached: boolean }) {
  const [armed, setArmed] = useState<Armed | null>(null);
  if (armed || reached) return <ArmedTools {...props} armed={armed ?? NOT_OPENED} />;
  const arm = (open: Tool | null, focus: Tool | null) => setArmed({ open, focus });
  return (
    <Group
      gap={0}
      className="cdesk-message-tools"
      wrap="nowrap"
      onFocus={(e: FocusEvent) => arm(null, toolOf(e.target))}
    >
      {props.canWrite && (
        <ActionIcon {...REACT_BUTTON} onClick={() => arm('react', null)}>
          <IconMoodSmile size={16} />
        </ActionIcon>
      )}
      <ActionIcon {...MENU_BUTTON} onClick={() => arm('menu', null)}>
        <IconDots size={16} />
      </ActionIcon>
    </Group>
  );
}

function ArmedTools({ message: m, canWrite, actions, armed }: ToolsProps & { armed: Armed }) {
  const clipboard = useClipboard({ timeout: 1500 });
  const [reactOpen, setReactOpen] = useState(armed.open === 'react');
  const [menuOpen, setMenuOpen] = useState(armed.open === 'menu');
  const group = useRef<HTMLDivElement>(null);
  // Keyboard focus was on the plain button this one replaces: it stays on the button.
  useEffect(() => {
    if (armed.focus) group.current?.querySelector<HTMLElement>(`[data-tool="${armed.focus}"]`)?.focus();
  }, [armed.focus]);
  return (
    <Group ref={group} gap={0} className="cdesk-message-tools" wrap="nowrap">
      {canWrite && (
        <Popover opened={reactOpen} onChange={setReactOpen} position="top" withArrow shadow="md">
          <Popover.Target>
            <ActionIcon {...REACT_BUTTON} onClick={() => setReactOpen((o) => !o)}>
              <IconMoodSmile size={16} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown p={4}>
            <Group gap={2}>
              {QUICK_REACTIONS.map((e) => (
                <ActionIcon
                  key={e}
                  variant="subtle"
                  size="lg"
                  aria-label={`${ct.menu.react} ${e}`}
                  onClick={() => {
                    setReactOpen(false);
                    actions.react(m, e);
                  }}
                >
                  <span style={{ fontSize: 20 }}>{e}</span>
                </ActionIcon>
              ))}
            </Group>
          </Popover.Dropdown>
        </Popover>
      )}
      <Menu opened={menuOpen} onChange={setMenuOpen} position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon {...MENU_BUTTON}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {canWrite && (
            <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => actions.reply(m)}>
              {ct.menu.reply}
            </Menu.Item>
          )}
          {canWrite && (
            <Menu.Item leftSection={<IconMoodSmile size={16} />} onClick={() => setReactOpen(true)}>
              {ct.menu.react}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => clipboard.copy(messageSummary(m))}>
            {clipboard.copied ? ct.menu.copied : ct.menu.copy}
          </Menu.Item>
          {canWrite && (
            <Menu.Item leftSection={<IconFilePlus size={16} />} onClick={() => actions.newRequest(m)}>
              {ct.menu.newRequest}
            </Menu.Item>
          )}
          {canWrite && (
            <Menu.Item leftSection={<IconPlaylistAdd size={16} />} onClick={() => actions.addToRequest(m)}>
              {ct.menu.addToRequest}
            </Menu.Item>
          )}
          {canWrite && m.direction === 'out' && m.status === 'failed' && (
            <Menu.Item leftSection={<IconRefresh size={16} />} color="red" onClick={() => actions.retry(m)}>
              {ct.menu.retry}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
