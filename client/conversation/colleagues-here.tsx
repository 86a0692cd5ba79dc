import { Group, Text } from '@mantine/core';
import { IconEye, IconPencil } from '@tabler/icons-react';
import { displaySafeName } from '../../schema/display-safe-text.ts';
import { ct } from '../i18n/conversation-strings.ts';

/** "Ada is typing…" / "Also here: Ada": shown above the composer so nobody answers the same customer twice. */
export function ColleaguesHere(props: {
  viewing: readonly { operatorId: string; operatorName: string }[];
  typing: readonly { operatorId: string; operatorName: string }[];
}) {
  const names = (rows: readonly { operatorName: string }[]) =>
    rows.map((r) => displaySafeName(r.operatorName)).join(', ');
  const typingIds = new Set(props.typing.map((r) => r.operatorId));
  const onlyViewing = props.viewing.filter((r) => !typingIds.has(r.operatorId));
  return (
    <Group gap="md" px="sm" py={2} aria-live="polite" data-testid="colleagues-here" mih={22}>
      {props.typing.length > 0 && (
        <Group gap={4} wrap="nowrap">
          <IconPencil size={14} aria-hidden />
          <Text size="xs" c="orange.9" fw={600}>
            {ct.colleagues.typing(names(props.typing))}
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
}
