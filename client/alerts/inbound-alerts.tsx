import type { Route } from '../app/use-route.ts';
import { useOpenConversation } from '../chats/use-open-conversation.ts';
import { useMentionAlerts } from '../notes/use-mention-alerts.ts';
import { AlertToasts } from './alert-toasts.tsx';
import { useInboundAlerts } from './use-inbound-alerts.ts';

/**
 * Alerts for new customer messages and for colleagues' mentions in internal notes, mounted once for the
 * whole signed-in app while Chats is on.
 */
export function InboundAlerts({ route, navigate }: { route: Route; navigate: (r: Route) => void }) {
  const openConversation = useOpenConversation(navigate);
  const inbound = useInboundAlerts(route, openConversation);
  const mentions = useMentionAlerts(route);
  const dismiss = (id: string) => (id.startsWith('mention:') ? mentions.dismiss(id) : inbound.dismiss(id));
  return (
    <AlertToasts
      toasts={[...mentions.toasts, ...inbound.toasts]}
      onOpen={openConversation}
      onDismiss={dismiss}
    />
  );
}
