import { Group } from '@mantine/core';
import { IconCheck, IconRotateClockwise } from '@tabler/icons-react';
import { useMemo } from 'react';
import { statusShown } from '../../schema/conversation-lifecycle.ts';
import type { Conversation } from '../../schema/schema.ts';
import { AssignMenu, CommandButton, SnoozeMenu } from '../commands/command-controls.tsx';
import { useCommandTargets } from '../commands/command-provider.tsx';
import '../commands/state-pill.css';
import { commandStrings as s } from '../i18n/command-strings.ts';
import { MergeConversationDialog } from './merge-conversation-dialog.tsx';

export function formatWhen(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);
}

/** What the state badge says: Open, Snoozed until …, Resolved. */
export function stateLabel(c: Pick<Conversation, 'state' | 'snoozedUntil'>, now: number, timeZone?: string) {
  const shown = statusShown(c, now);
  if (shown !== 'snoozed') return { shown, text: s.state[shown] };
  return {
    shown,
    text:
      c.snoozedUntil == null
        ? s.state.snoozedUntilReply
        : s.state.snoozedUntil(formatWhen(c.snoozedUntil, timeZone)),
  };
}

/**
 * The thread header's lifecycle and ownership controls: the state badge, Resolve or Reopen, the snooze
 * menu and the assignee. They and the keyboard run the same registered actions on this conversation.
 */
export function ConversationLifecycleBar({
  conversation,
  timeZone,
}: {
  conversation: Conversation;
  timeZone?: string;
}) {
  const targets = useMemo(() => [conversation], [conversation]);
  useCommandTargets(targets);
  const { shown, text } = stateLabel(conversation, Date.now(), timeZone);
  return (
    <Group gap={6} wrap="wrap" data-testid="lifecycle-bar">
      <span className="state-pill" data-testid="conversation-state" data-state={shown}>
        {text}
      </span>
      <CommandButton id="resolve" hideWhenDisabled leftSection={<IconCheck size={16} aria-hidden />} />
      <CommandButton
        id="reopen"
        hideWhenDisabled
        leftSection={<IconRotateClockwise size={16} aria-hidden />}
      />
      {shown !== 'resolved' && <SnoozeMenu />}
      <AssignMenu assigneeName={conversation.assigneeName ?? null} />
      <CommandButton id="takeOver" hideWhenDisabled color="violet" variant="light" />
      <CommandButton id="handBack" hideWhenDisabled />
      <CommandButton id="merge" hideWhenDisabled variant="subtle" />
      <MergeConversationDialog conversation={conversation} />
    </Group>
  );
}
