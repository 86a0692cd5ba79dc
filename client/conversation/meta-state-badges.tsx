import { Badge, Group, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { ct } from '../i18n/conversation-strings.ts';
import { billableCount, freeEntryWindowEnd, whoIsInControl } from './conversation-meta-state.ts';
import type { ThreadMessageRow } from './types.ts';

const untilFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The conversation header's view of Meta's side: who answers, what is billed, the free window. */
export function MetaStateBadges({ messages }: { messages: readonly ThreadMessageRow[] }) {
  const state = useMemo(
    () => ({
      control: whoIsInControl(messages),
      billable: billableCount(messages),
      freeUntil: freeEntryWindowEnd(messages),
    }),
    [messages],
  );
  const freeOpen = state.freeUntil !== null && state.freeUntil > Date.now();
  if (state.control === 'team' && state.billable === 0 && !freeOpen) return null;
  return (
    <Group gap={6} wrap="nowrap">
      {state.control === 'agent' && (
        <Tooltip label={ct.metaState.agentHint} multiline w={280}>
          <Badge color="violet" variant="light" data-testid="agent-in-control">
            {ct.metaState.agent}
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
}
