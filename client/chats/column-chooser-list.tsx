import { ActionIcon, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGripVertical } from '@tabler/icons-react';
import { useState } from 'react';
import { MUTED } from '../app/text-colors.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { type ColumnLayout, moveColumn, toggleColumn } from './column-prefs.ts';

export type ColumnChooserListProps<Id extends string> = {
  layout: ColumnLayout<Id>;
  labels: Record<Id, string>;
  onChange: (next: ColumnLayout<Id>) => void;
  onReset: () => void;
};

/** The column chooser's popover body (loaded when first opened): ticks, drag handles and arrow buttons. */
export function ColumnChooserList<Id extends string>({
  layout,
  labels,
  onChange,
  onReset,
}: ColumnChooserListProps<Id>) {
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const visibleCount = layout.filter((c) => c.visible).length;

  return (
    <>
      <Text fw={600} size="sm">
        {s.columnChooser.title}
      </Text>
      <Text size="xs" c={MUTED} mb="xs">
        {s.columnChooser.hint}
      </Text>
      <Stack gap={2} role="list">
        {layout.map((col, i) => {
          const label = labels[col.id];
          return (
            <Group
              key={col.id}
              role="listitem"
              gap={4}
              wrap="nowrap"
              draggable
              data-testid={`column-option-${col.id}`}
              onDragStart={(e) => {
                setDragFrom(i);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', col.id);
              }}
              onDragOver={(e) => {
                e.preventDefault();
                setDragOver(i);
              }}
              onDragLeave={() => setDragOver((o) => (o === i ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                if (dragFrom !== null) onChange(moveColumn(layout, dragFrom, i));
                setDragFrom(null);
                setDragOver(null);
              }}
              onDragEnd={() => {
                setDragFrom(null);
                setDragOver(null);
              }}
              style={{
                borderRadius: 4,
                padding: '2px 4px',
                outline:
                  dragOver === i && dragFrom !== i ? '2px dashed var(--mantine-color-blue-5)' : undefined,
                opacity: dragFrom === i ? 0.5 : 1,
              }}
            >
              <IconGripVertical
                size={14}
                aria-label={s.columnChooser.dragHandle(label)}
                style={{ cursor: 'grab', flexShrink: 0, color: 'var(--mantine-color-dimmed)' }}
              />
              <Checkbox
                size="xs"
                label={label}
                checked={col.visible}
                disabled={col.visible && visibleCount === 1}
                onChange={() => onChange(toggleColumn(layout, col.id))}
                style={{ flex: 1 }}
              />
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label={s.columnChooser.moveUp(label)}
                disabled={i === 0}
                onClick={() => onChange(moveColumn(layout, i, i - 1))}
              >
                <IconArrowUp size={14} />
              </ActionIcon>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label={s.columnChooser.moveDown(label)}
                disabled={i === layout.length - 1}
                onClick={() => onChange(moveColumn(layout, i, i + 1))}
              >
                <IconArrowDown size={14} />
              </ActionIcon>
            </Group>
          );
        })}
      </Stack>
      <Button variant="subtle" size="xs" mt="xs" onClick={onReset}>
        {s.columnChooser.reset}
      </Button>
    </>
  );
}
