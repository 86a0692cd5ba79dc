import type { Route } from '../app/use-route.ts';
import { useOpenConversation } from '../chats/use-open-conversation.ts';
import { AlertToasts } from './alert-toasts.tsx';
import { useInboundAlerts } from './use-inbound-alerts.ts';

/** Alerts for new customer messages, mounted once for the whole signed-in app while Chats is on. */
export function InboundAlerts({ route, navigate }: { route: Route; navigate: (r: Route) => void }) {
  const openConversation = useOpenConversation(navigate);
  const { toasts, dismiss } = useInboundAlerts(route, openConversation);
  return <AlertToasts toasts={toasts} onOpen={openConversation} onDismiss={dismiss} />;
}
