import { Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { useState } from 'react';
import { conversationLabel, mergeRefusal } from '../../schema/conversation-merge.ts';
import { queries } from '../../schema/queries.ts';
import type { Conversation } from '../../schema/schema.ts';
import { MUTED } from '../app/text-colors.ts';
import { useCommandRequest, useCommands } from '../commands/command-provider.tsx';
import { commandStrings as s } from '../i18n/command-strings.ts';

const SHOWN = 8;

/**
 * The "Merge…" command's dialog: the operator finds the other conversation of the same person (same
 * business number, searched in the local replica as the Chats table does) and confirms; the registered
 * `merge.into` action runs the merge, the open conversation stays.
 */
export function MergeConversationDialog({ conversation }: { conversation: Conversation }) {
  const [opened, setOpened] = useState(false);
  useCommandRequest('merge', () => setOpened(true));
  return (
    <Modal
      opened={opened}
      onClose={() => setOpened(false)}
      title={s.merge.title(conversationLabel(conversation))}
      closeButtonProps={{ 'aria-label': s.merge.close }}
      size="lg"
    >
      {opened && <MergeForm conversation={conversation} onDone={() => setOpened(false)} />}
    </Modal>
  );
}

function MergeForm({ conversation, onDone }: { conversation: Conversation; onDone: () => void }) {
  const { perform } = useCommands();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [rows] = useQuery(
    queries.conversations.list({
      search: search.trim() || undefined,
      filter: { channelIds: [conversation.channelId] },
      sort: 'lastMessageAt',
      dir: 'desc',
      limit: SHOWN + 1,
    }),
  );
  const candidates = rows.filter((c) => mergeRefusal(conversation, c) === null).slice(0, SHOWN);
  const source = candidates.find((c) => c.id === chosen) ?? null;
  return (
    <Stack gap="sm">
      <Text size="sm">{s.merge.intro}</Text>
      <TextInput
        label={s.merge.search}
        placeholder={s.merge.searchPlaceholder}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-autofocus
        data-testid="merge-search"
      />
      <Radio.Group label={s.merge.candidates} value={chosen} onChange={setChosen}>
        <Stack gap={6} mt={6}>
          {candidates.length === 0 && (
            <Text size="sm" c={MUTED}>
              {s.merge.none}
            </Text>
          )}
          {candidates.map((c) => (
            <Radio
              key={c.id}
              value={c.id}
              label={conversationLabel(c)}
              description={c.lastMessagePreview}
              data-testid="merge-candidate"
            />
          ))}
        </Stack>
      </Radio.Group>
      {source && (
        <Text size="sm" fw={500} data-testid="merge-consequence">
          {s.merge.confirm(conversationLabel(source), conversationLabel(conversation))}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {s.merge.cancel}
        </Button>
        <Button
          color="red"
          disabled={!source}
          data-testid="merge-submit"
          onClick={() => {
            if (!source) return;
            perform('merge.into', source.id);
            onDone();
          }}
        >
          {s.merge.submit}
        </Button>
      </Group>
    </Stack>
  );
}
