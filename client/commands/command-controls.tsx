import { Button, type ButtonProps, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconClockPause, IconUser } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { canOwn } from '../../schema/assignment.ts';
import { MUTED } from '../app/text-colors.ts';
import { commandStrings as s } from '../i18n/command-strings.ts';
import type { CommandRequestKind } from './action.ts';
import { useCommandEnabled, useCommandRequest, useCommandSelect, useCommands } from './command-provider.tsx';
import { actionById } from './conversation-actions.ts';
import { ariaKeyShortcuts, shortcutKeys } from './shortcut.ts';

// Buttons and menus that start registered actions: label, enabled state and shortcut (in the tooltip
// title and aria-keyshortcuts) all come from the action.

/** "Resolve (E)": how a control names its shortcut to sighted users. */
export function titleWithShortcut(id: string): string {
  const a = actionById(id);
  return a.shortcut ? `${a.label} (${shortcutKeys(a.shortcut).join('+')})` : a.label;
}

function shortcutProps(id: string): { 'aria-keyshortcuts'?: string; title?: string } {
  const a = actionById(id);
  return a.shortcut
    ? { 'aria-keyshortcuts': ariaKeyShortcuts(a.shortcut), title: titleWithShortcut(id) }
    : {};
}

/** A button for one action; hidden when `hideWhenDisabled` and the action does not apply. */
export function CommandButton({
  id,
  hideWhenDisabled,
  leftSection,
  ...props
}: { id: string; hideWhenDisabled?: boolean; leftSection?: ReactNode } & ButtonProps) {
  const { perform } = useCommands();
  const a = actionById(id);
  const enabled = useCommandEnabled(id);
  if (!enabled && hideWhenDisabled) return null;
  return (
    <Button
      size="compact-sm"
      variant="default"
      {...props}
      leftSection={leftSection}
      disabled={!enabled}
      onClick={() => perform(id)}
      data-testid={`command-${id}`}
      {...shortcutProps(id)}
    >
      {a.label.replace(/…$/, '')}
    </Button>
  );
}

function CommandItem({ id, arg, children }: { id: string; arg?: string; children?: ReactNode }) {
  const { perform } = useCommands();
  const a = actionById(id);
  const enabled = useCommandEnabled(id);
  return (
    <Menu.Item
      disabled={!enabled}
      onClick={() => perform(id, arg)}
      data-testid={`command-item-${id}${arg ? `-${arg}` : ''}`}
    >
      {children ?? a.label}
    </Menu.Item>
  );
}

/**
 * A button opening a menu of commands (`children`); the command host opens it too on `request` (its
 * shortcut). Enabled, shortcut and title follow the action `actionId`.
 */
function CommandMenu({
  request,
  actionId,
  enabled,
  icon,
  testId,
  menuTestId,
  label,
  title,
  children,
  ...props
}: {
  request: CommandRequestKind;
  actionId: string;
  enabled: boolean;
  icon: ReactNode;
  testId: string;
  menuTestId: string;
  label: string;
  title?: string;
  children: ReactNode;
} & ButtonProps) {
  const [opened, setOpened] = useState(false);
  useCommandRequest(request, () => setOpened(true));
  const shortcut = shortcutProps(actionId);
  return (
    <Menu opened={opened} onChange={setOpened} position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          {...props}
          disabled={!enabled}
          leftSection={icon}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          data-testid={testId}
          {...shortcut}
          title={title ?? shortcut.title}
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid={menuTestId}>{children}</Menu.Dropdown>
    </Menu>
  );
}

/** The same colleagues, by who they are and the name the menu shows. */
function sameOperators(
  a: readonly { id: string; name: string }[],
  b: readonly { id: string; name: string }[],
) {
  return a.length === b.length && a.every((o, i) => o.id === b[i]?.id && o.name === b[i]?.name);
}

/** The snooze menu; the "s" shortcut opens it. */
export function SnoozeMenu(props: ButtonProps) {
  const action = actionById('snooze');
  const enabled = useCommandEnabled('snooze');
  return (
    <CommandMenu
      {...props}
      request="snooze"
      actionId="snooze"
      enabled={enabled}
      icon={<IconClockPause size={16} aria-hidden />}
      testId="command-snooze"
      menuTestId="snooze-menu"
      label={action.label.replace(/…$/, '')}
    >
      <CommandItem id="snooze.hour" />
      <CommandItem id="snooze.tomorrow" />
      <CommandItem id="snooze.nextWeek" />
      <CommandItem id="snooze.untilReply" />
    </CommandMenu>
  );
}

/**
 * The assignee control: the current assignee (if `assigneeName` is given, as in the thread header) and
 * a menu to take it, give it to a colleague who can own its business number, or unassign. "a" opens it.
 */
export function AssignMenu({
  assigneeName,
  label,
  ...props
}: { assigneeName?: string | null; label?: string } & ButtonProps) {
  const colleagues = useCommandSelect(
    (ctx) =>
      ctx.operators.filter(
        (o) =>
          o.id !== ctx.me.id && ctx.targets.length > 0 && ctx.targets.every((c) => canOwn(o, c.channelId)),
      ),
    sameOperators,
  );
  const enabled = useCommandEnabled('assign.other');
  const text = label ?? s.assignee.button(assigneeName ?? null);
  return (
    <CommandMenu
      {...props}
      request="assign"
      actionId="assign.other"
      enabled={enabled}
      icon={<IconUser size={16} aria-hidden />}
      testId="assignee-control"
      menuTestId="assign-menu"
      label={text}
      title={`${text} — ${titleWithShortcut('assign.other')}`}
    >
      <CommandItem id="assign.me" />
      <Menu.Label>{s.assignee.pickTitle}</Menu.Label>
      {colleagues.length === 0 ? (
        <Text size="xs" c={MUTED} px="sm" py={4}>
          {s.assignee.noneAvailable}
        </Text>
      ) : (
        colleagues.map((o) => (
          <CommandItem key={o.id} id="assign.to" arg={o.id}>
            {o.name}
          </CommandItem>
        ))
      )}
      <Menu.Divider />
      <CommandItem id="unassign" />
    </CommandMenu>
  );
}
