import { describe, expect, it } from 'vitest';
import {
  type Dispatch,
  memoryOutboxStore,
  Outbox,
  type OutboxEntry,
  type ServerResult,
} from '../../client/conversation/offline-outbox.ts';

type Call = { id: string; settle: (r: ServerResult) => void };

/** A fake Zero: records the order entries are handed over and lets the test answer for the server. */
function fakeZero() {
  const calls: Call[] = [];
  const dispatch: Dispatch = (entry) => {
    let settle: (r: ServerResult) => void = () => {};
    const server = new Promise<ServerResult>((resolve) => {
      settle = resolve;
    });
    calls.push({ id: entry.id, settle });
    return { client: Promise.resolve<ServerResult>({ type: 'success' }), server };
  };
  return { calls, dispatch };
}

const reply = (id: string) => ({
  id,
  conversationId: 'cv-1',
  mutator: 'messages.sendText',
  args: { id, body: `reply ${id}` },
  preview: { body: `reply ${id}`, replyToMessageId: null },
  createdAt: 1,
});
const flush = () => new Promise((r) => setTimeout(r, 0));
const offline: ServerResult = { type: 'error', error: { type: 'zero', message: 'unable to connect' } };

describe('Outbox', () => {
  it('keeps entries until the server confirms them and replays unconfirmed ones in order', async () => {
    const store = memoryOutboxStore();
    const zero = fakeZero();
    const outbox = new Outbox('op-1', store, zero.dispatch);
    await outbox.enqueue(reply('a'));
    await outbox.enqueue(reply('b'));
    expect(zero.calls.map((c) => c.id)).toEqual(['a', 'b']);
    // The connection dropped for good: Zero gives up on both (they stay queued).
    for (const c of zero.calls) c.settle(offline);
    await flush();
    expect(outbox.entries.map((e) => e.id)).toEqual(['a', 'b']);
    await outbox.replay();
    expect(zero.calls.map((c) => c.id)).toEqual(['a', 'b', 'a', 'b']);
    zero.calls[2]?.settle({ type: 'success' });
    await flush();
    expect(outbox.entries.map((e) => e.id)).toEqual(['b']);
    expect((await store.list('op-1')).map((e) => e.id)).toEqual(['b']);
  });

  it('does not hand an entry over twice while Zero still holds it', async () => {
    const zero = fakeZero();
    const outbox = new Outbox('op-1', memoryOutboxStore(), zero.dispatch);
    await outbox.enqueue(reply('a'));
    await outbox.replay();
    await outbox.replay();
    expect(zero.calls.map((c) => c.id)).toEqual(['a']);
  });

  it('survives a reload: a new outbox on the same store replays the old entries in order', async () => {
    const store = memoryOutboxStore();
    const first = new Outbox('op-1', store, fakeZero().dispatch);
    await first.enqueue(reply('x'));
    await first.enqueue(reply('y'));
    const zero = fakeZero();
    const afterReload = new Outbox('op-1', store, zero.dispatch);
    await afterReload.ready();
    expect(afterReload.entries.map((e: OutboxEntry) => e.id)).toEqual(['x', 'y']);
    await afterReload.replay();
    expect(zero.calls.map((c) => c.id)).toEqual(['x', 'y']);
    // Another operator on the same browser sees none of them.
    const other = new Outbox('op-2', store, fakeZero().dispatch);
    await other.ready();
    expect(other.entries).toEqual([]);
  });

  it('drops a reply the server rejects for good and reports why', async () => {
    const zero = fakeZero();
    const outbox = new Outbox('op-1', memoryOutboxStore(), zero.dispatch);
    await outbox.enqueue(reply('late'));
    zero.calls[0]?.settle({
      type: 'error',
      error: { type: 'app', message: 'The 24-hour window has closed.' },
    });
    await flush();
    expect(outbox.entries).toEqual([]);
    expect(outbox.rejections.map((r) => [r.entry.id, r.message])).toEqual([
      ['late', 'The 24-hour window has closed.'],
    ]);
    outbox.dismissRejection('late');
    expect(outbox.rejections).toEqual([]);
  });

  it('keeps an entry Zero refuses outright (disconnected) for the next replay', async () => {
    let refuse = true;
    const zero = fakeZero();
    const outbox = new Outbox('op-1', memoryOutboxStore(), (e) => {
      if (refuse) throw new Error('disconnected');
      return zero.dispatch(e);
    });
    await outbox.enqueue(reply('a'));
    expect(outbox.entries.map((e) => e.id)).toEqual(['a']);
    refuse = false;
    await outbox.replay();
    expect(zero.calls.map((c) => c.id)).toEqual(['a']);
  });
});

describe('Outbox and the browser’s own refusal', () => {
  it('reports a reply the browser mutator already refuses, once, even if the server answers too', async () => {
    let settleServer: (r: ServerResult) => void = () => {};
    const refused: ServerResult = { type: 'error', error: { type: 'app', message: 'The window is closed.' } };
    const outbox = new Outbox('op-1', memoryOutboxStore(), () => ({
      client: Promise.resolve(refused),
      server: new Promise<ServerResult>((resolve) => {
        settleServer = resolve;
      }),
    }));
    await outbox.enqueue(reply('late'));
    await flush();
    expect(outbox.entries).toEqual([]);
    settleServer(refused);
    await flush();
    expect(outbox.rejections.map((r) => r.entry.id)).toEqual(['late']);
  });
});

describe('Outbox, Enter → bubble', () => {
  /** A store whose writes finish only when the test says so (IndexedDB commits take milliseconds). */
  function slowStore() {
    const inner = memoryOutboxStore();
    const finish: (() => void)[] = [];
    const store = {
      ...inner,
      put: (e: OutboxEntry) =>
        new Promise<void>((resolve) => finish.push(() => void inner.put(e).then(resolve))),
    };
    return { store, finish };
  }

  it('lists a reply the moment it is enqueued and hands it to Zero without waiting for the write to commit, once', async () => {
    const zero = fakeZero();
    const { store, finish } = slowStore();
    const outbox = new Outbox('op-1', store, zero.dispatch);
    await outbox.ready();
    const done = outbox.enqueue(reply('a'));
    expect(outbox.entries.map((e) => e.id)).toEqual(['a']);
    // Handed over although IndexedDB has not committed the write yet.
    await done;
    expect(zero.calls.map((c) => c.id)).toEqual(['a']);
    // A reconnect's replay meanwhile does not hand it over twice.
    await outbox.replay();
    expect(zero.calls.map((c) => c.id)).toEqual(['a']);
    // The write commits; the reply stays listed until the server answers.
    finish.shift()?.();
    await flush();
    expect(outbox.entries.map((e) => e.id)).toEqual(['a']);
    zero.calls[0]?.settle({ type: 'success' });
    await flush();
    await flush();
    expect(outbox.entries).toEqual([]);
    // …and it is gone from the store too: a reload replays nothing.
    const reloaded = new Outbox('op-1', store, fakeZero().dispatch);
    await reloaded.ready();
    expect(reloaded.entries).toEqual([]);
  });

  it('keeps replies typed while the stored ones are still loading, after them', async () => {
    const store = memoryOutboxStore();
    const first = new Outbox('op-1', store, fakeZero().dispatch);
    await first.enqueue(reply('old'));
    const zero = fakeZero();
    const second = new Outbox('op-1', store, zero.dispatch);
    const typed = second.enqueue(reply('new'));
    await second.ready();
    await typed;
    expect(second.entries.map((e) => e.id)).toEqual(['old', 'new']);
    await second.replay();
    expect(zero.calls.map((c) => c.id).sort()).toEqual(['new', 'old']);
  });

  it('hands a stored reply to Zero only after the frame that shows its bubble', async () => {
    // The browser's frames, played by the test: Zero's local write must not run before the bubble's frame.
    const frames: FrameRequestCallback[] = [];
    const g = globalThis as { requestAnimationFrame?: (cb: FrameRequestCallback) => number };
    g.requestAnimationFrame = (cb) => frames.push(cb);
    try {
      const zero = fakeZero();
      const outbox = new Outbox('op-1', memoryOutboxStore(), zero.dispatch);
      await outbox.ready();
      const done = outbox.enqueue(reply('a'));
      await flush();
      await flush();
      expect(zero.calls).toEqual([]); // stored, but the frame has not been painted yet
      for (const frame of frames.splice(0)) frame(0);
      await done;
      expect(zero.calls.map((c) => c.id)).toEqual(['a']);
    } finally {
      delete g.requestAnimationFrame;
    }
  });

  it('does not wait for a frame that never comes (a hidden tab runs none)', async () => {
    const g = globalThis as { requestAnimationFrame?: (cb: FrameRequestCallback) => number };
    g.requestAnimationFrame = () => 0; // registered, never called
    try {
      const zero = fakeZero();
      const outbox = new Outbox('op-1', memoryOutboxStore(), zero.dispatch);
      await outbox.enqueue(reply('a'));
      expect(zero.calls.map((c) => c.id)).toEqual(['a']);
    } finally {
      delete g.requestAnimationFrame;
    }
  });

  it('still sends a reply when the durable write fails', async () => {
    const zero = fakeZero();
    const store = { ...memoryOutboxStore(), put: () => Promise.reject(new Error('QuotaExceededError')) };
    const outbox = new Outbox('op-1', store, zero.dispatch);
    await outbox.enqueue(reply('a'));
    expect(zero.calls.map((c) => c.id)).toEqual(['a']);
    zero.calls[0]?.settle({ type: 'success' });
    await flush();
    await flush();
    expect(outbox.entries).toEqual([]);
  });
});
