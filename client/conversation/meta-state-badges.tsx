import { Badge, Group, Tooltip } from '@mantine/core';
import { memo, useMemo } from 'react';
import type { ThreadControl } from '../../schema/thread-control.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { freeEntryWindowEnd } from './conversation-meta-state.ts';
import type { ThreadMessageRow } from './types.ts';

const untilFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const CONTROL: Record<ThreadControl, { label: string; hint: string; color: string }> = {
  agent: { label: ct.metaState.agent, hint: ct.metaState.agentHint, color: 'violet' },
  team: { label: ct.metaState.team, hint: ct.metaState.teamHint, color: 'blue' },
  other: { label: ct.metaState.other, hint: ct.metaState.otherHint, color: 'orange' },
  idle: { label: ct.metaState.idle, hint: ct.metaState.idleHint, color: 'gray' },
};

/**
 * The conversation header's view of Meta's side: who answers the customer (on numbers that run Meta
 * Business Agent: the conversation's threadControl, kept by the server from Meta's webhooks and the
 * operators' take-over and hand-back), what is billed, the free entry window.
 */
export const MetaStateBadges = memo(function MetaStateBadges({
  messages,
  threadControl,
  billableCount,
}: {
  messages: readonly ThreadMessageRow[];
  threadControl: ThreadControl | null;
  /** The conversation's messages Meta billed (all of them, not only those loaded). */
  billableCount: number;
}) {
  const state = useMemo(
    () => ({ billable: billableCount, freeUntil: freeEntryWindowEnd(messages) }),
    [messages, billableCount],
  );
  const freeOpen = state.freeUntil !== null && state.freeUntil > Date.now();
  const control = threadControl ? CONTROL[threadControl] : null;
  if (!control && state.billable === 0 && !freeOpen) return null;
  return (
    <Group gap={6} wrap="nowrap">
      {control && threadControl && (
        <Tooltip label={control.hint} multiline w={280}>
          <Badge
            color={control.color}
            variant="light"
            data-testid="thread-control"
            data-control={threadControl}
          >
            {control.label}
          </Badge>
        </Tooltip>
      )}
      {freeOpen && state.freeUntil !== null && (
        <Tooltip label={ct.metaState.freeEntryHint} multiline w={280}>
          <Badge color="teal" variant="light" data-testid="free-entry-window">
            {ct.metaState.freeEntry(untilFmt.format(state.freeUntil))}
          </Badge>
        </Tooltip>
      )}
      {state.billable > 0 && (
        <Tooltip label={ct.metaState.billableHint} multiline w={280}>
          <Badge color="gray" variant="light" data-testid="billable-count">
            {ct.metaState.billable(state.billable)}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
});
