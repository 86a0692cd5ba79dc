import { Group } from '@mantine/core';
import { IconCheck, IconRotateClockwise } from '@tabler/icons-react';
import { memo, useMemo } from 'react';
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
  // Every message rewrites the conversation's row: the commands get the new row (their buttons render
  // again only if they turn on or off), the controls only when a field they show changes.
  const targets = useMemo(() => [conversation], [conversation]);
  useCommandTargets(targets);
  return <LifecycleControls conversation={conversation} {...(timeZone ? { timeZone } : {})} />;
}

type ControlsProps = { conversation: Conversation; timeZone?: string };

/** The fields the controls (and the merge dialog's title and candidates) show or depend on. */
function sameShown(a: ControlsProps, b: ControlsProps): boolean {
  const x = a.conversation;
  const y = b.conversation;
  return (
    a.timeZone === b.timeZone &&
    x.id === y.id &&
    x.state === y.state &&
    x.snoozedUntil === y.snoozedUntil &&
    x.assigneeName === y.assigneeName &&
    x.channelId === y.channelId &&
    x.number === y.number &&
    x.participantName === y.participantName &&
    x.participantPhone === y.participantPhone
  );
}

const LifecycleControls = memo(function LifecycleControls({ conversation, timeZone }: ControlsProps) {
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
}, sameShown);
