import {
  ActionIcon,
  Alert,
  Box,
  Button,
  CloseButton,
  Group,
  Image,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { useZero } from '@rocicorp/zero/react';
import { IconBook, IconPaperclip, IconSend } from '@tabler/icons-react';
import {
  type DragEvent,
  type KeyboardEvent,
  memo,
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { CannedValues } from '../../schema/canned-response.ts';
import { mutators } from '../../schema/mutators.ts';
import { checkMedia, MEDIA_LIMITS } from '../../schema/whatsapp/media-limits.ts';
import type { ServiceWindow } from '../../schema/whatsapp/service-window.ts';
import { CAPTION_MAX_CHARS, TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import { growingTextarea } from '../app/growing-textarea.ts';
import { lazyComponent } from '../app/lazy-component.tsx';
import { CannedSuggestions } from '../canned/canned-suggestions.tsx';
import { useCannedSuggestions } from '../canned/use-canned-suggestions.ts';
import { useCommandRequest } from '../commands/command-provider.tsx';
import { ct } from '../i18n/conversation-strings.ts';
import { notesStrings as ns } from '../i18n/notes-strings.ts';
import { NoteComposer } from '../notes/note-composer.tsx';
import { EmojiButton } from './emoji-picker.tsx';
import { messageSummary } from './message-summary.ts';
import { SEND_TEXT, useOutbox, useOutboxEntries } from './outbox-provider.tsx';
import type { ThreadMessageRow } from './types.ts';
import { uploadFile } from './upload-file.ts';
import { useDraft } from './use-draft.ts';
import { WindowCountdown } from './window-status.tsx';

const ACCEPT = Object.values(MEDIA_LIMITS)
  .flatMap((l) => l.mimeTypes)
  .join(',');

type Pending = { file: File; previewUrl: string | null; error: string | null };

const CannedResponsesModal = lazyComponent(() =>
  import('../canned/canned-responses-modal.tsx').then((m) => m.CannedResponsesModal),
);

export type ComposerProps = {
  conversationId: string;
  win: ServiceWindow;
  canWrite: boolean;
  canSendTemplates: boolean;
  channelBroken: boolean;
  replyTo: ThreadMessageRow | null;
  onCancelReply: () => void;
  onOpenTemplates: () => void;
  /** Set by the thread pane when a file is dropped anywhere on it. */
  droppedFile: File | null;
  onDroppedFileTaken: () => void;
  /** What canned responses' variables become in this conversation. */
  cannedValues: CannedValues;
  operator: { id: string; role: string };
  /** Called as the operator types (colleagues see "is typing…"), and once the text is sent. */
  onTyping: () => void;
  onSent: () => void;
  /** A colleague's reply since the customer last wrote, if it is only moments old. */
  recentColleagueReply: () => ColleagueReply | null;
};

export type ColleagueReply = { id: string; name: string; body: string };

function serverError(result: { type: string; error?: { message: string } }): string | null {
  return result.type === 'error' && result.error ? result.error.message : null;
}

/**
 * The composer: Enter sends, Shift+Enter breaks the line; emoji; one attachment (picked or dropped,
 * checked against WhatsApp's limits before it is uploaded); the book opens the template picker. When
 * the 24-hour window is closed the free-text box is replaced by an explanation and the template button.
 */
export const Composer = memo(function Composer(props: ComposerProps) {
  const { conversationId, win, canWrite, replyTo } = props;
  const z = useZero();
  // The outbox itself, not its entries: the composer does not render again when a reply is listed.
  const outbox = useOutbox();
  const { text, setText, clear: clearText } = useDraft(conversationId, canWrite);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const windowOpen = win.state === 'open' || win.state === 'closing';
  const [manageCanned, setManageCanned] = useState(false);
  // Reply to the customer, or write an internal note for colleagues (client/notes/).
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  // A colleague's reply that arrived while this one was being written: asked about once per reply.
  const [collision, setCollision] = useState<ColleagueReply | null>(null);
  const acknowledged = useRef<string | null>(null);
  const cannedListId = useId();
  // The "Insert a canned response" command (C): an empty draft becomes "/", which opens the "/" menu.
  useCommandRequest('canned', () => {
    if (!canWrite) return;
    const body = text.trim() === '' ? '/' : text;
    if (body !== text) setText(body);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(body.length, body.length);
    });
  });
  const canned = useCannedSuggestions(text, props.cannedValues, (body) => {
    setText(body);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(body.length, body.length);
    });
  });

  const takeFile = (file: File) => {
    const check = checkMedia(file.type, file.size);
    if (pending?.previewUrl) URL.revokeObjectURL(pending.previewUrl);
    setPending({
      file,
      previewUrl: check.ok && check.kind === 'image' ? URL.createObjectURL(file) : null,
      error: check.ok ? null : check.error,
    });
  };
  const clearPending = () => {
    if (pending?.previewUrl) URL.revokeObjectURL(pending.previewUrl);
    setPending(null);
  };
  const { droppedFile, onDroppedFileTaken } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: takeFile is recreated each render
  useEffect(() => {
    if (droppedFile) {
      takeFile(droppedFile);
      onDroppedFileTaken();
    }
  }, [droppedFile, onDroppedFileTaken]);
  useEffect(() => {
    if (replyTo) textarea.current?.focus();
  }, [replyTo]);

  const tooLong = pending ? text.length > CAPTION_MAX_CHARS : text.length > TEXT_MAX_CHARS;
  const canSend =
    canWrite && windowOpen && !busy && !tooLong && (pending ? !pending.error : text.trim() !== '');

  // Shown empty in the frame of the reply's bubble; the composer's state follows after it (useDraft's clear).
  // Deleting the draft and "no longer typing" are Zero writes too: they wait until the reply is handed over
  // (`handedOver`), so the server does not apply them before it.
  const emptyBox = (sent: string, handedOver?: Promise<unknown>) => {
    if (textarea.current) textarea.current.value = '';
    const emptied = clearText(sent, handedOver);
    // The quote goes once the box's state has emptied: rendering the composer before that would put the sent
    // text back into the textarea for a frame.
    if (replyTo) void emptied.then(props.onCancelReply);
    void (handedOver ?? emptied).then(props.onSent, props.onSent);
  };

  const send = async () => {
    if (!canSend) return;
    const colleague = props.recentColleagueReply();
    if (colleague && colleague.id !== acknowledged.current) {
      setCollision(colleague);
      return;
    }
    // Only what changed: the Enter handler renders the thread's new bubble, and nothing else if it can help it.
    if (collision) setCollision(null);
    if (error) setError(null);
    const id = crypto.randomUUID();
    const now = Date.now();
    const replyToMessageId = replyTo?.id ?? null;
    if (pending) {
      setBusy(true);
      try {
        const uploaded = await uploadFile(pending.file, 'message');
        const result = z.mutate(
          mutators.messages.sendAttachment({
            id,
            conversationId,
            attachmentId: uploaded.id,
            caption: text,
            replyToMessageId,
            now,
          }),
        );
        clearPending();
        emptyBox(text);
        const answer = await result.server;
        const message = serverError(answer);
        if (message && answer.type === 'error' && answer.error.type === 'app') setError(message);
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
      return;
    }
    const body = text;
    // Written to the IndexedDB outbox first, so a reply typed offline survives a reload; the outbox lists it
    // (and the thread paints its bubble) before anything else this handler does.
    const queued = outbox.enqueue({
      id,
      conversationId,
      mutator: SEND_TEXT,
      args: { id, conversationId, body, replyToMessageId, now },
      preview: { body, replyToMessageId },
      createdAt: now,
    });
    emptyBox(body, queued);
    await queued;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (canned.onKeyDown(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const insertEmoji = (emoji: string) => {
    const el = textarea.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  const templateButton = (
    <Tooltip label={props.canSendTemplates ? ct.composer.templates : ct.templates.noPermission}>
      <ActionIcon
        variant={windowOpen ? 'subtle' : 'filled'}
        size="lg"
        aria-label={ct.composer.templates}
        disabled={!canWrite || !props.canSendTemplates}
        onClick={props.onOpenTemplates}
        data-testid="template-button"
      >
        <IconBook size={20} />
      </ActionIcon>
    </Tooltip>
  );

  if (!canWrite) {
    return (
      <Box p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="sm" c="dimmed" data-testid="composer-readonly">
          {ct.composer.readOnly}
        </Text>
      </Box>
    );
  }

  return (
    <Box
      p="sm"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      data-testid="composer"
      onDragOver={(e: DragEvent) => {
        if (windowOpen && e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e: DragEvent) => {
        const file = e.dataTransfer.files[0];
        if (windowOpen && file) {
          e.preventDefault();
          takeFile(file);
        }
      }}
    >
      <Stack gap={6}>
        {props.channelBroken && (
          <Alert color="red" py={4}>
            {ct.composer.channelBroken}
          </Alert>
        )}
        {error && (
          <Alert
            color="red"
            py={4}
            withCloseButton
            onClose={() => setError(null)}
            data-testid="composer-error"
          >
            {ct.composer.rejected}: {error}
          </Alert>
        )}
        <RejectedReplies conversationId={conversationId} />
        <SegmentedControl
          size="xs"
          w="fit-content"
          value={mode}
          onChange={(v) => setMode(v === 'note' ? 'note' : 'reply')}
          aria-label={ns.modeLabel}
          data={[
            { value: 'reply', label: ns.reply },
            { value: 'note', label: ns.note },
          ]}
          data-testid="composer-mode"
        />
        {collision && (
          <Alert color="orange" py={6} data-testid="colleague-replied">
            <Text size="sm" fw={600}>
              {ct.colleagues.repliedJustNow(collision.name)}
            </Text>
            <Text size="sm" lineClamp={3} style={{ wordBreak: 'break-word' }}>
              {collision.body}
            </Text>
            <Group gap="xs" mt={6}>
              <Button
                size="compact-sm"
                onClick={() => {
                  acknowledged.current = collision.id;
                  setCollision(null);
                  void send();
                }}
              >
                {ct.colleagues.sendAnyway}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setCollision(null)}>
                {ct.colleagues.cancel}
              </Button>
            </Group>
          </Alert>
        )}
        {mode === 'note' ? (
          <NoteComposer conversationId={conversationId} myId={props.operator.id} />
        ) : !windowOpen ? (
          <Paper
            withBorder
            p="sm"
            radius="md"
            bg="var(--mantine-color-orange-light)"
            data-testid="window-closed"
          >
            <Group justify="space-between" wrap="nowrap" align="center">
              <Text size="sm">
                {win.state === 'never' ? ct.composer.windowNever : ct.composer.windowClosed}
              </Text>
              <Group gap={6} wrap="nowrap">
                {templateButton}
                <Text
                  size="sm"
                  fw={600}
                  c="cdeskBlue.7"
                  style={{ cursor: 'pointer', whiteSpace: 'nowrap' }}
                  onClick={props.canSendTemplates ? props.onOpenTemplates : undefined}
                >
                  {ct.composer.chooseTemplate}
                </Text>
              </Group>
            </Group>
          </Paper>
        ) : (
          <>
            <WindowCountdown win={win} />
            {replyTo && (
              <Group
                gap={6}
                wrap="nowrap"
                px={8}
                py={4}
                data-testid="composer-reply"
                style={{
                  borderLeft: '3px solid var(--mantine-color-cdeskBlue-5)',
                  background: 'var(--mantine-color-default-hover)',
                }}
              >
                <Box style={{ flex: 1, minWidth: 0 }}>
                  <Text size="xs" fw={600}>
                    {ct.composer.replyingTo}
                  </Text>
                  <Text size="xs" lineClamp={1}>
                    {messageSummary(replyTo)}
                  </Text>
                </Box>
                <CloseButton size="sm" aria-label={ct.composer.cancelReply} onClick={props.onCancelReply} />
              </Group>
            )}
            {pending && (
              <Group gap={8} wrap="nowrap" data-testid="attachment-preview">
                {pending.previewUrl ? (
                  <Image
                    src={pending.previewUrl}
                    alt={pending.file.name}
                    h={56}
                    w={56}
                    fit="cover"
                    radius="sm"
                  />
                ) : (
                  <IconPaperclip size={20} />
                )}
                <Box style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" truncate>
                    {pending.file.name}
                  </Text>
                  <Text size="xs" c={pending.error ? 'red.7' : 'dimmed'} data-testid="attachment-check">
                    {pending.error ??
                      (busy ? ct.composer.uploading : `${Math.ceil(pending.file.size / 1024)} KB`)}
                  </Text>
                </Box>
                <CloseButton aria-label={ct.composer.removeAttachment} onClick={clearPending} />
              </Group>
            )}
            {canned.open && (
              <CannedSuggestions
                id={cannedListId}
                matches={canned.matches}
                active={canned.active}
                hasAny={canned.hasAny}
                onPick={canned.insert}
                onManage={() => setManageCanned(true)}
              />
            )}
            {manageCanned && (
              <Suspense fallback={null}>
                <CannedResponsesModal
                  opened
                  onClose={() => setManageCanned(false)}
                  operator={props.operator}
                />
              </Suspense>
            )}
            <Group gap={4} align="flex-end" wrap="nowrap">
              <EmojiButton onPick={insertEmoji} />
              <Tooltip label={ct.composer.attach}>
                <ActionIcon
                  variant="subtle"
                  size="lg"
                  aria-label={ct.composer.attach}
                  onClick={() => fileInput.current?.click()}
                  data-testid="attach-button"
                >
                  <IconPaperclip size={20} />
                </ActionIcon>
              </Tooltip>
              <input
                ref={fileInput}
                type="file"
                accept={ACCEPT}
                hidden
                data-testid="attach-input"
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  if (file) takeFile(file);
                  e.currentTarget.value = '';
                }}
              />
              {templateButton}
              <Textarea
                ref={textarea}
                style={{ flex: 1 }}
                {...growingTextarea(8)}
                value={text}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setText(value);
                  if (value.trim() !== '') props.onTyping();
                }}
                onKeyDown={onKeyDown}
                placeholder={pending ? ct.composer.caption : ct.composer.placeholder}
                aria-label={ct.composer.placeholder}
                error={tooLong ? ct.composer.tooLong(text.length) : undefined}
                aria-controls={canned.open ? cannedListId : undefined}
                aria-activedescendant={
                  canned.open && canned.matches[canned.active]
                    ? `${cannedListId}-${canned.matches[canned.active]?.id}`
                    : undefined
                }
                data-testid="composer-input"
              />
              <Tooltip label={ct.composer.send}>
                <ActionIcon
                  size="lg"
                  variant="filled"
                  aria-label={ct.composer.send}
                  disabled={!canSend}
                  loading={busy}
                  onClick={() => void send()}
                  data-testid="send-button"
                >
                  <IconSend size={18} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </>
        )}
      </Stack>
    </Box>
  );
});

/** Replies the server refused after they left the outbox (e.g. the window closed while offline). */
function RejectedReplies({ conversationId }: { conversationId: string }) {
  const { outbox } = useOutboxEntries();
  const mine = outbox.rejections.filter((r) => r.entry.conversationId === conversationId);
  if (mine.length === 0) return null;
  return (
    <Stack gap={4}>
      {mine.map((r) => (
        <Alert
          key={r.entry.id}
          color="red"
          py={4}
          withCloseButton
          onClose={() => outbox.dismissRejection(r.entry.id)}
        >
          {ct.composer.rejected}: “{r.entry.preview.body.slice(0, 80)}” — {r.message}
        </Alert>
      ))}
    </Stack>
  );
}
