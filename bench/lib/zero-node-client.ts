// Operators' Zero clients in Node: the same schema, queries and mutators as the browser, an in-memory
// store, and the operator's session cookie on the websocket upgrade. zero-cache forwards that cookie to
// /api/zero/query and /api/zero/mutate (ZERO_*_FORWARD_COOKIES), exactly as it does for a browser.
import { Zero } from '@rocicorp/zero';
import type { ZeroContext } from '../../schema/context.ts';
import { mutators } from '../../schema/mutators.ts';
import { schema } from '../../schema/schema.ts';
import type { BenchOperator } from '../../tests/support/operators.ts';

const cookies = new Map<string, string>();
let installed = false;

/**
 * Zero opens its socket with `new WebSocket(url, protocols)` from the global scope. Node's WebSocket
 * (undici) accepts headers as a non-standard option: a subclass adds the cookie of the operator named by
 * the connect URL's userID, so many operators can share one process.
 */
function installCookieWebSocket() {
  if (installed) return;
  installed = true;
  const Base = globalThis.WebSocket;
  class CookieWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      const userID = new URL(String(url)).searchParams.get('userID') ?? '';
      const cookie = cookies.get(userID);
      // biome-ignore lint/suspicious/noExplicitAny: undici's WebSocketInit (headers) is not in the DOM typings
      super(url, { protocols, headers: cookie ? { cookie } : {} } as any);
    }
  }
  globalThis.WebSocket = CookieWebSocket as typeof WebSocket;
}

export type OperatorClient = { operator: BenchOperator; zero: Zero };

export function connectOperator(
  operator: BenchOperator,
  cacheURL: string,
  role: ZeroContext['role'] = 'operator',
): OperatorClient {
  installCookieWebSocket();
  cookies.set(operator.id, operator.cookie);
  const context: ZeroContext = {
    userID: operator.id,
    role,
    canSendTemplates: true,
    channelScope: null,
    chatsEnabled: true,
  };
  const zero = new Zero({
    userID: operator.id,
    cacheURL,
    schema,
    mutators,
    context,
    kvStore: 'mem',
    logLevel: 'error',
    // As the browser app: queued writes stay in `connecting` during an outage instead of failing.
    disconnectTimeoutMs: 6 * 3600_000,
  });
  // As the browser app (client/conversation/outbox-provider.tsx): `error` stops Zero's own retries, so
  // connect again with a growing delay.
  let delay = 2000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  zero.connection.state.subscribe((state) => {
    if (timer) clearTimeout(timer);
    if (state.name !== 'error') {
      delay = 2000;
      return;
    }
    const retry = () => {
      void zero.connection.connect();
      delay = Math.min(delay * 2, 60_000);
      timer = setTimeout(retry, delay);
    };
    timer = setTimeout(retry, delay);
  });
  return { operator, zero };
}
