import { Box, Paper, Text, Tooltip } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { NOTE_LABEL } from '../app/text-colors.ts';
import { MessageText } from '../conversation/message-text.tsx';
import { notesStrings as s } from '../i18n/notes-strings.ts';

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/**
 * An internal note in the thread: across the middle, on yellow paper, labelled as a note with its author,
 * so nobody takes it for something the customer saw. No ticks, reactions or reply actions: it was never sent.
 */
export function NoteBubble({
  note,
}: {
  note: { id: string; body: string; createdAt: number; operator?: { name: string } | null | undefined };
}) {
  return (
    <Box px="xl" py={4} data-testid="thread-note" data-message-id={note.id}>
      <Paper
        px="sm"
        py={6}
        radius="md"
        style={{
          background: 'var(--mantine-color-yellow-light)',
          border: '1px dashed var(--mantine-color-yellow-outline)',
        }}
      >
        <Text size="xs" fw={600} c={NOTE_LABEL} style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <IconNote size={14} aria-hidden />
          {s.label(note.operator?.name ?? '')}
        </Text>
        <Box data-testid="note-body">
          <MessageText text={note.body} />
        </Box>
        <Tooltip label={fullFmt.format(note.createdAt)}>
          {/* The label's colour, not the dimmed grey, which is tuned for the page and falls short on this yellow. */}
          <Text size="xs" c={NOTE_LABEL} ta="right">
            {timeFmt.format(note.createdAt)}
          </Text>
        </Tooltip>
      </Paper>
    </Box>
  );
}
