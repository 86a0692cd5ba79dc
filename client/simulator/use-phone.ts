import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ChannelsAnswer,
  CustomersAnswer,
  type PhoneMessage,
  ReadAnswer,
  type SimChannel,
  type SimCustomer,
  SimulatorApiError,
  simulatorApi,
  ThreadAnswer,
} from './simulator-api.ts';

const POLL_MS = 1_000;

export type PhoneState = {
  channels: SimChannel[];
  customers: SimCustomer[];
  messages: PhoneMessage[];
  /** A problem to show instead of the phone (simulator off, no simulator channel…). */
  blocked: { code: string; message: string } | null;
  error: string | null;
  refresh: () => Promise<void>;
};

/**
 * The phone's view, polled every second (the simulator is a test and demo tool: polling keeps it simple
 * and robust). While the page is visible, business messages the customer has not read get read
 * (the business sees blue ticks), as on a phone with the chat open.
 */
export function usePhone(phoneNumberId: string | null, waId: string | null): PhoneState {
  const [channels, setChannels] = useState<SimChannel[]>([]);
  const [customers, setCustomers] = useState<SimCustomer[]>([]);
  const [messages, setMessages] = useState<PhoneMessage[]>([]);
  const [blocked, setBlocked] = useState<PhoneState['blocked']>(null);
  const [error, setError] = useState<string | null>(null);
  const reading = useRef('');

  const refresh = useCallback(async () => {
    try {
      const [c, list] = await Promise.all([
        simulatorApi(ChannelsAnswer, 'GET', '/channels'),
        simulatorApi(CustomersAnswer, 'GET', '/customers'),
      ]);
      setChannels(c.channels);
      setCustomers(list.customers);
      if (!waId) {
        setMessages([]);
        setBlocked(null);
        setError(null);
        return;
      }
      const query = phoneNumberId ? `?phoneNumberId=${encodeURIComponent(phoneNumberId)}` : '';
      const thread = await simulatorApi(
        ThreadAnswer,
        'GET',
        `/customers/${encodeURIComponent(waId)}/messages${query}`,
      );
      setMessages(thread.messages);
      setBlocked(null);
      setError(null);
      const unread = thread.messages.filter(
        (m) => m.from === 'theirs' && ['sent', 'delivered'].includes(m.status) && m.type !== 'reaction',
      );
      const key = unread.map((m) => m.wamid).join(',');
      if (unread.length > 0 && document.visibilityState === 'visible' && key !== reading.current) {
        reading.current = key;
        await simulatorApi(ReadAnswer, 'POST', `/customers/${encodeURIComponent(waId)}/read`, {
          ...(phoneNumberId ? { phoneNumberId } : {}),
        });
      }
    } catch (err) {
      if (
        err instanceof SimulatorApiError &&
        [401, 404, 409].includes(err.status) &&
        err.code !== 'invalid'
      ) {
        setBlocked({ code: err.code, message: err.message });
      } else {
        setError((err as Error).message);
      }
    }
  }, [phoneNumberId, waId]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return { channels, customers, messages, blocked, error, refresh };
}
