import { ActionIcon, Box, Popover, Text, Tooltip } from '@mantine/core';
import { IconMoodSmile } from '@tabler/icons-react';
import {
  EmojiPicker,
  type EmojiPickerListCategoryHeaderProps,
  type EmojiPickerListEmojiProps,
  type EmojiPickerListRowProps,
} from 'frimousse';
import { useState } from 'react';
import { ct } from '../i18n/conversation-strings.ts';

/** Emojibase data served by our API (server/files/emoji-data-route.ts): no CDN, works on closed networks. */
const EMOJIBASE_URL = '/api/emoji';

function CategoryHeader({ category, ...props }: EmojiPickerListCategoryHeaderProps) {
  return (
    <div
      {...props}
      style={{
        ...props.style,
        padding: '4px 8px',
        fontSize: 12,
        fontWeight: 600,
        background: 'var(--mantine-color-body)',
        color: 'var(--mantine-color-dimmed)',
      }}
    >
      {category.label}
    </div>
  );
}

function Row({ children, ...props }: EmojiPickerListRowProps) {
  return (
    <div {...props} style={{ ...props.style, padding: '0 6px' }}>
      {children}
    </div>
  );
}

function EmojiCell({ emoji, ...props }: EmojiPickerListEmojiProps) {
  return (
    <button
      type="button"
      {...props}
      aria-label={emoji.label}
      style={{
        width: 36,
        height: 36,
        fontSize: 22,
        border: 0,
        borderRadius: 6,
        cursor: 'pointer',
        background: emoji.isActive ? 'var(--mantine-color-default-hover)' : 'transparent',
      }}
    >
      {emoji.emoji}
    </button>
  );
}

const LIST_COMPONENTS = { CategoryHeader, Row, Emoji: EmojiCell };

/** The composer's emoji button: frimousse's headless picker, styled with Mantine variables. */
export function EmojiButton({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover opened={open} onChange={setOpen} position="top-start" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Tooltip label={ct.composer.emoji}>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={ct.composer.emoji}
            disabled={disabled}
            onClick={() => setOpen((o) => !o)}
            data-testid="emoji-button"
          >
            <IconMoodSmile size={20} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <EmojiPicker.Root
          emojibaseUrl={EMOJIBASE_URL}
          columns={9}
          onEmojiSelect={({ emoji }) => {
            onPick(emoji);
            setOpen(false);
          }}
          style={{ display: 'flex', flexDirection: 'column', width: 340, height: 360 }}
          data-testid="emoji-picker"
        >
          <Box p={8}>
            <EmojiPicker.Search
              placeholder={ct.composer.emojiSearch}
              aria-label={ct.composer.emojiSearch}
              style={{
                width: '100%',
                padding: '6px 8px',
                borderRadius: 6,
                border: '1px solid var(--mantine-color-default-border)',
                background: 'var(--mantine-color-body)',
                color: 'inherit',
              }}
            />
          </Box>
          <EmojiPicker.Viewport style={{ position: 'relative', flex: 1, outline: 'none' }}>
            <EmojiPicker.Loading>
              <Text size="sm" c="dimmed" p="sm">
                {ct.composer.emojiLoading}
              </Text>
            </EmojiPicker.Loading>
            <EmojiPicker.Empty>
              <Text size="sm" c="dimmed" p="sm">
                {ct.composer.emojiNone}
              </Text>
            </EmojiPicker.Empty>
            <EmojiPicker.List components={LIST_COMPONENTS} />
          </EmojiPicker.Viewport>
        </EmojiPicker.Root>
      </Popover.Dropdown>
    </Popover>
  );
}
