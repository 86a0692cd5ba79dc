// Which customer messages can change who answers a thread, decided before any statement is sent: most
// batches are customers writing to conversations the Business Agent never touched, and those need none.
import { describe, expect, it } from 'vitest';
import type { PoolClient } from '../../server/db/pool.ts';
import { applyImpliedControl, type ImpliedControl } from '../../server/inbound/apply-thread-control.ts';

function recordingClient() {
  const sent: unknown[][] = [];
  const client = {
    query: async (_text: string, values: unknown[]) => {
      sent.push(values);
      return { rows: [], rowCount: 0 };
    },
  } as unknown as PoolClient;
  return { client, sent };
}

const T = 1_760_000_000_000;
const team = (conversationId: string, at = T): ImpliedControl => ({ conversationId, owner: 'team', at });
const agent = (conversationId: string, at = T): ImpliedControl => ({ conversationId, owner: 'agent', at });

describe('applyImpliedControl', () => {
  it('sends nothing when every message only confirms what is recorded or routing was never seen', async () => {
    const { client, sent } = recordingClient();
    const recorded = new Map<string, string | null>([
      ['never-routed', null],
      ['ours', 'team'],
      ['agents', 'agent'],
    ]);
    await applyImpliedControl(client, [team('never-routed'), team('ours'), agent('agents')], (id) =>
      recorded.get(id),
    );
    expect(sent).toEqual([]);
  });

  it('sends the conversations whose owner can change, with the latest implication of each', async () => {
    const { client, sent } = recordingClient();
    const recorded = new Map<string, string | null>([
      ['never-routed', null],
      ['agents', 'agent'],
      ['ours', 'team'],
    ]);
    await applyImpliedControl(
      client,
      [agent('never-routed'), team('agents', T), agent('agents', T + 5_000), agent('ours'), team('unknown')],
      (id) => recorded.get(id),
    );
    expect(sent).toHaveLength(1);
    const [ids, owners] = sent[0] as [string[], string[]];
    expect(Object.fromEntries(ids.map((id, k) => [id, owners[k]]))).toEqual({
      'never-routed': 'agent',
      ours: 'agent',
      unknown: 'team',
    });
  });
});
