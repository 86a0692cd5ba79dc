import { Alert, Box, Group, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { mentionQueryAt } from '../../schema/note-mentions.ts';
import { queries } from '../../schema/queries.ts';
import { TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import { growingTextarea } from '../app/growing-textarea.ts';
import { notesStrings as s } from '../i18n/notes-strings.ts';

const MAX_SUGGESTIONS = 5;

/**
 * The composer in note mode: what is written goes into the thread for colleagues only (never to the
 * customer, so the 24-hour window does not apply). Typing "@" suggests colleagues; naming one alerts them.
 */
export function NoteComposer({ conversationId, myId }: { conversationId: string; myId: string }) {
  const z = useZero();
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [operators] = useQuery(queries.operators.list());

  const query = mentionQueryAt(text, caret);
  const suggestions = useMemo(() => {
    if (query === null) return [];
    const q = query.toLocaleLowerCase();
    return operators
      .filter((o) => o.active && o.id !== myId && o.name.toLocaleLowerCase().startsWith(q))
      .slice(0, MAX_SUGGESTIONS);
  }, [operators, query, myId]);

  const complete = (name: string) => {
    const at = text.slice(0, caret).lastIndexOf('@');
    const next = `${text.slice(0, at)}@${name} ${text.slice(caret)}`;
    const pos = at + name.length + 2;
    setText(next);
    setCaret(pos);
    setActive(0);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(pos, pos);
    });
  };

  const save = async () => {
    const body = text;
    if (body.trim() === '' || body.length > TEXT_MAX_CHARS) return;
    setError(null);
    setText('');
    setCaret(0);
    const result = await z.mutate(
      mutators.notes.add({ id: crypto.randomUUID(), conversationId, body, now: Date.now() }),
    ).client;
    if (result.type === 'error') {
      setText(body); // nothing typed is lost
      setError(result.error.message);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const pick = suggestions[active];
    if (suggestions.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + suggestions.length) % suggestions.length);
      return;
    }
    if (pick && (e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
      e.preventDefault();
      complete(pick.name);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <Stack gap={4}>
      {error && (
        <Alert color="red" py={4} withCloseButton onClose={() => setError(null)} title={s.failed}>
          {error}
        </Alert>
      )}
      {suggestions.length > 0 && (
        <Box role="listbox" id={listId} aria-label={s.suggestions} data-testid="mention-suggestions">
          {suggestions.map((o, i) => (
            <UnstyledButton
              key={o.id}
              id={`${listId}-${o.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => complete(o.name)}
              px="xs"
              py={4}
              style={{
                display: 'block',
                width: '100%',
                borderRadius: 4,
                background: i === active ? 'var(--mantine-color-default-hover)' : undefined,
              }}
            >
              <Text size="sm">@{o.name}</Text>
            </UnstyledButton>
          ))}
        </Box>
      )}
      <Group gap={4} align="flex-end" wrap="nowrap">
        <Textarea
          ref={textarea}
          style={{ flex: 1 }}
          {...growingTextarea(8, { input: { background: 'var(--mantine-color-yellow-light)' } })}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          placeholder={s.placeholder}
          aria-label={s.note}
          aria-controls={suggestions.length > 0 ? listId : undefined}
          aria-activedescendant={suggestions[active] ? `${listId}-${suggestions[active]?.id}` : undefined}
          error={text.length > TEXT_MAX_CHARS ? `${text.length} / ${TEXT_MAX_CHARS}` : undefined}
          data-testid="note-input"
        />
      </Group>
      <Text size="xs" c="dimmed">
        {s.hint}
      </Text>
    </Stack>
  );
}
