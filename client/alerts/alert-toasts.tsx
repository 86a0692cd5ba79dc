import { Button, Group, Notification, Stack, Text } from '@mantine/core';
import { alertsStrings } from '../i18n/alerts-strings.ts';
import type { AlertToast } from './use-inbound-alerts.ts';

/** New-message toasts in the corner, announced politely to screen readers; a click opens the conversation. */
export function AlertToasts(props: {
  toasts: AlertToast[];
  onOpen: (conversationId: string) => void;
  onDismiss: (id: string) => void;
}) {
  return (
    <Stack
      gap="xs"
      aria-live="polite"
      style={{
        position: 'fixed',
        right: 16,
        bottom: 16,
        zIndex: 400,
        width: 320,
        maxWidth: 'calc(100vw - 32px)',
      }}
    >
      {props.toasts.map((toast) => (
        <Notification
          key={toast.id}
          title={toast.who}
          withBorder
          closeButtonProps={{ 'aria-label': alertsStrings.dismiss }}
          onClose={() => props.onDismiss(toast.id)}
          data-testid="alert-toast"
        >
          {/* Mantine's notification text is its dimmed grey (3.3:1 on white, under WCAG's 4.5:1): the
              customer's words are the point of the toast, in the body colour. */}
          <Text size="sm" c="var(--mantine-color-text)" lineClamp={2} style={{ wordBreak: 'break-word' }}>
            {toast.text}
          </Text>
          <Group justify="flex-end" mt={4}>
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => {
                props.onDismiss(toast.id);
                props.onOpen(toast.conversationId);
              }}
            >
              {alertsStrings.open}
            </Button>
          </Group>
        </Notification>
      ))}
    </Stack>
  );
}
