import { Group, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconEye, IconPencil } from '@tabler/icons-react';
import { memo } from 'react';
import { colleaguesHere } from '../../schema/conversation-viewers.ts';
import { displaySafeName } from '../../schema/display-safe-text.ts';
import { queries } from '../../schema/queries.ts';
import { useNow } from '../chats/use-now.ts';
import { ct } from '../i18n/conversation-strings.ts';

/**
 * "Ada is typing…" / "Also here: Ada": shown above the composer so nobody answers the same customer twice.
 * It holds the viewers' query and its clock itself: a colleague starting to type, and the tick that ends
 * "is typing…", render this line again, not the conversation view and its thread.
 */
export const ColleaguesHere = memo(function ColleaguesHere({
  conversationId,
  me,
}: {
  conversationId: string;
  me: string;
}) {
  const [rows] = useQuery(queries.viewers.byConversation({ conversationId }));
  // Typing lasts seconds: re-evaluated often enough for "is typing…" to go away on time.
  const now = useNow(2_000);
  const { viewing, typing } = colleaguesHere(rows, me, now);
  const names = (list: readonly { operatorName: string }[]) =>
    list.map((r) => displaySafeName(r.operatorName)).join(', ');
  const typingIds = new Set(typing.map((r) => r.operatorId));
  const onlyViewing = viewing.filter((r) => !typingIds.has(r.operatorId));
  return (
    <Group gap="md" px="sm" py={2} aria-live="polite" data-testid="colleagues-here" mih={22}>
      {typing.length > 0 && (
        <Group gap={4} wrap="nowrap">
          <IconPencil size={14} aria-hidden />
          <Text size="xs" c="orange.9" fw={600}>
            {ct.colleagues.typing(names(typing))}
          </Text>
        </Group>
      )}
      {onlyViewing.length > 0 && (
        <Group gap={4} wrap="nowrap">
          <IconEye size={14} aria-hidden />
          <Text size="xs" c="dimmed">
            {ct.colleagues.viewing(names(onlyViewing))}
          </Text>
        </Group>
      )}
    </Group>
  );
});
