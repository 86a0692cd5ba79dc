import { Alert, Button, Group, Modal, Stack, Switch, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { chatsStrings as s } from '../i18n/chats-strings.ts';

/** Names the current search and filters (optionally shared with the team); loaded when first opened. */
export function SaveFilterModal({
  opened,
  onClose,
  onSave,
}: {
  opened: boolean;
  onClose: () => void;
  onSave: (name: string, shared: boolean) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [share, setShare] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      await onSave(name.trim(), share);
      setName('');
      setShare(false);
      setError(null);
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={s.saved.saveTitle} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={s.saved.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={80}
            required
            data-autofocus
            data-testid="save-filter-name"
          />
          <Switch
            label={s.saved.share}
            description={s.saved.shareHint}
            checked={share}
            onChange={(e) => setShare(e.currentTarget.checked)}
            data-testid="save-filter-share"
          />
          {error && (
            <Alert color="red" title={s.saved.failed}>
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {s.saved.cancel}
            </Button>
            <Button type="submit" disabled={!name.trim()} data-testid="save-filter-submit">
              {s.saved.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
