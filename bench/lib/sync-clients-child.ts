// A child process holding some of the operators' Zero clients for the live-sync benchmark: each client
// keeps the Chats table's query materialised (newest 200 conversations), and with `fullScreen` every
// other query of a Chats screen with a thread open, and notes, per marker
// ("<prefix> <seq>" in a conversation's last-message preview), the wall-clock time it first saw it.
// Talks to the parent over IPC: {type:'ready'} once every client has its first complete result,
// on {type:'progress'} replies {type:'progress', newest: number[]} (the newest marker each client has
// seen), and on {type:'report'} replies {type:'seen', entries: [client, seq, wallMs][]}. On {type:'beat',
// client} that client says it is still online as a browser's presence heartbeat does (every 45 s): a POST
// /api/heartbeat, and the Zero mutation when the answer is that the synced row says otherwise (the first
// beat: operators start offline). It replies nothing (a failure is printed).
import { ACTIVE_STATES } from '../../schema/conversation-lifecycle.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { BenchOperator } from '../../tests/support/operators.ts';
import { connectOperator } from './zero-node-client.ts';

type Init = {
  type: 'init';
  cacheURL: string;
  /** The API, for the heartbeat (client/settings/use-presence-reporting.ts does the same in browsers). */
  apiURL: string;
  operators: BenchOperator[];
  prefix: string;
  offset: number;
  /** Hold a whole Chats screen's queries, not only the table's. */
  fullScreen: boolean;
};
type Msg =
  | Init
  | { type: 'report' }
  | { type: 'progress' }
  | { type: 'beat'; client: number }
  | { type: 'close' };

const wallNow = () => performance.timeOrigin + performance.now();
const entries: [number, number, number][] = [];
const clients: ReturnType<typeof connectOperator>[] = [];
const newest: number[] = [];
let apiURL = '';

process.on('message', async (msg: Msg) => {
  if (msg.type === 'init') {
    apiURL = msg.apiURL;
    const pattern = new RegExp(`^${msg.prefix} (\\d+)$`);
    await Promise.all(
      msg.operators.map(async (op, i) => {
        const index = msg.offset + i;
        const client = connectOperator(op, msg.cacheURL);
        clients.push(client);
        const seen = new Set<number>();
        // Everything else an operator's browser holds while the Chats table and a thread are open (the
        // shell, the summary panel, filters, tabs, alerts, commands, the thread and its panes; the same
        // queries with the same arguments as client/): their pipelines see every change too.
        if (msg.fullScreen) {
          const day = new Date().toISOString().slice(0, 10);
          const z = client.zero;
          // The shell: app-shell-layout, use-permission-refresh, workspace-tabs, alerts, command-provider.
          z.materialize(queries.settings.get());
          z.materialize(queries.operators.me());
          z.materialize(queries.preferences.mine());
          z.materialize(queries.operators.list());
          z.materialize(queries.conversations.byIds({ ids: ['tab-1', 'tab-2', 'tab-3'] }));
          z.materialize(queries.stats.channels());
          z.materialize(queries.conversations.latestInbound());
          z.materialize(queries.mentions.mine());
          z.materialize(
            queries.conversations.list({
              filter: { unreadOnly: true, states: [...ACTIVE_STATES] },
              sort: 'lastMessageAt',
              dir: 'desc',
              limit: 2,
            }),
          );
          // The Chats screen: summary panel, saved filters, filter panel (the table's query is below).
          z.materialize(queries.stats.myDay({ day }));
          z.materialize(queries.conversations.longestWaiting());
          z.materialize(queries.filters.mine());
          z.materialize(queries.channels.list());
          // An open thread: conversation-view, its messages, events, viewers, draft, canned responses,
          // the customer's profile and the requests pane.
          z.materialize(queries.conversations.row({ id: 'tab-1' }));
          z.materialize(queries.messages.byConversation({ conversationId: 'tab-1', limit: 100 }));
          z.materialize(queries.events.byConversation({ conversationId: 'tab-1' }));
          z.materialize(queries.viewers.byConversation({ conversationId: 'tab-1' }));
          z.materialize(queries.drafts.forConversation({ conversationId: 'tab-1' }));
          z.materialize(queries.cannedResponses.mine());
          z.materialize(queries.customers.profile({ contactId: 'tab-1-contact' }));
          z.materialize(queries.requests.byConversation({ conversationId: 'tab-1' }));
          z.materialize(queries.catalog.tags());
        }
        const view = client.zero.materialize(queries.conversations.list({ limit: 200 }));
        await new Promise<void>((resolve) => {
          view.addListener((rows, resultType) => {
            const t = wallNow();
            for (const row of rows as readonly { lastMessagePreview: string }[]) {
              const m = pattern.exec(row.lastMessagePreview);
              if (!m) continue;
              const seq = Number(m[1]);
              if (seen.has(seq)) continue;
              seen.add(seq);
              entries.push([index, seq, t]);
              newest[i] = Math.max(newest[i] ?? 0, seq);
            }
            if (resultType === 'complete') resolve();
          });
        });
      }),
    );
    process.send?.({ type: 'ready' });
  } else if (msg.type === 'progress') {
    process.send?.({ type: 'progress', newest: clients.map((_, i) => newest[i] ?? 0) });
  } else if (msg.type === 'report') {
    process.send?.({ type: 'seen', entries });
  } else if (msg.type === 'beat') {
    const client = clients[msg.client];
    if (client) {
      const res = await fetch(`${apiURL}/api/heartbeat`, {
        method: 'POST',
        headers: { cookie: client.operator.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ presence: 'online' }),
      });
      const answer = (await res.json()) as { presence?: boolean };
      if (!res.ok) console.error('presence heartbeat failed', res.status, answer);
      else if (answer.presence === false) {
        const result = await client.zero.mutate(
          mutators.presence.report({ presence: 'online', now: Date.now() }),
        ).server;
        if (result.type === 'error') console.error('presence report failed', result.error);
      }
    }
  } else if (msg.type === 'close') {
    await Promise.allSettled(clients.map((c) => c.zero.close()));
    process.exit(0);
  }
});
