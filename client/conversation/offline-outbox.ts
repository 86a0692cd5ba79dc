// The app-level outbox for replies typed while the network is gone (stack notes, "Offline writes").
// Zero keeps mutations made while it is `connecting`, but may lose them on a reload (persisted ~1 s
// after idle), when its client group changes, or reject them once `disconnected`. So every reply is
// also written here (IndexedDB) as it is handed to Zero; it leaves the outbox only when the server has
// answered. Unconfirmed entries are handed to Zero again, in their original order, at start-up and on
// each return to `connected`. The send mutators are idempotent on the client-generated message id, so
// a replay of something Zero had delivered after all is a no-op.
import { afterNextPaint } from '../app/after-next-paint.ts';

export type OutboxEntry = {
  /** The client-generated message id (also the outbox key). */
  id: string;
  userId: string;
  conversationId: string;
  /** The mutator's dotted name, e.g. `messages.sendText`. Stable across releases. */
  mutator: string;
  args: unknown;
  /** For showing the queued message when Zero's own copy is gone (after a reload). */
  preview: { body: string; replyToMessageId: string | null };
  createdAt: number;
  /** Order of writing: replays go out in this order. */
  seq: number;
  attempts: number;
};

export interface OutboxStore {
  list(userId: string): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

export type ServerResult =
  | { type: 'success' }
  | { type: 'error'; error: { type: 'app'; message: string } | { type: 'zero'; message: string } };

/** Hands an entry to Zero: `client` settles once applied locally, `server` with the server's answer. */
export type Dispatch = (entry: OutboxEntry) => {
  client: Promise<ServerResult>;
  server: Promise<ServerResult>;
};

export type Rejection = { entry: OutboxEntry; message: string };

export class Outbox {
  #store: OutboxStore;
  #dispatch: Dispatch;
  #userId: string;
  #entries: OutboxEntry[] = [];
  #inFlight = new Set<string>();
  #chain: Promise<unknown> = Promise.resolve();
  #listeners = new Set<() => void>();
  #rejections: Rejection[] = [];
  #loaded: Promise<void>;

  constructor(userId: string, store: OutboxStore, dispatch: Dispatch) {
    this.#userId = userId;
    this.#store = store;
    this.#dispatch = dispatch;
    this.#loaded = this.#serial(async () => {
      const stored = (await store.list(userId)).sort((a, b) => a.seq - b.seq);
      // Replies typed while the store was being read are already listed (enqueue shows them at once).
      const storedIds = new Set(stored.map((e) => e.id));
      this.#entries = [...stored, ...this.#entries.filter((e) => !storedIds.has(e.id))];
      this.#emit();
    });
  }

  /** Entries not yet confirmed by the server, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }

  /** Server rejections (e.g. the 24-hour window closed meanwhile) for the operator to see. */
  get rejections(): readonly Rejection[] {
    return this.#rejections;
  }

  ready(): Promise<void> {
    return this.#loaded;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dismissRejection(id: string) {
    this.#rejections = this.#rejections.filter((r) => r.entry.id !== id);
    this.#emit();
  }

  /**
   * Shows the entry at once (the thread paints it as pending in the same frame as Enter), starts writing it
   * durably, and hands it to Zero after that frame, without waiting for IndexedDB's commit (90 to 300 ms on
   * the bench machine while Zero persists its own state, and the reply waited for it on its way to the
   * server): if the page died before the commit, waiting would not have kept the reply either, while handed
   * over it may already have reached the server. The entry is in flight from here, so a replay meanwhile
   * does not hand it over twice, and it leaves the store only once the server has answered (IndexedDB runs
   * that delete after this write). Calls are applied strictly in call order.
   */
  enqueue(input: Omit<OutboxEntry, 'seq' | 'attempts' | 'userId'>): Promise<void> {
    // Increasing across reloads too (entries written before a reload sort first), and in call order.
    const seq = Math.max((this.#entries.at(-1)?.seq ?? 0) + 1, Date.now());
    const entry: OutboxEntry = { ...input, userId: this.#userId, seq, attempts: 0 };
    this.#entries = [...this.#entries, entry];
    this.#inFlight.add(entry.id);
    this.#emit();
    return this.#serial(async () => {
      this.#store.put(entry).catch((err: unknown) => {
        // IndexedDB refused (quota, private mode): the reply still goes, held in memory by this tab and Zero;
        // only a reload before the server answers would lose it.
        console.warn('[outbox] could not store the reply durably', err);
      });
      // The frame with the reply's bubble first: Zero's local write runs every local query (tens of ms on a
      // tablet), and would otherwise often land before that frame.
      await afterNextPaint();
      await this.#send(entry);
    });
  }

  /** Hands every unconfirmed entry that is not already on its way to Zero again, in order. */
  replay(): Promise<void> {
    return this.#serial(async () => {
      for (const entry of this.#entries) {
        if (this.#inFlight.has(entry.id)) continue;
        await this.#send(entry);
      }
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => {});
    return next;
  }

  async #send(entry: OutboxEntry) {
    this.#inFlight.add(entry.id);
    entry.attempts++;
    let result: ReturnType<Dispatch>;
    try {
      result = this.#dispatch(entry);
    } catch (err) {
      // Zero refused it outright (e.g. `disconnected`): keep it for the next replay.
      this.#inFlight.delete(entry.id);
      console.warn('[outbox] dispatch failed, kept for replay', err);
      return;
    }
    result.server.then(
      (r) => this.#settle(entry, r),
      () => this.#inFlight.delete(entry.id),
    );
    // Wait until Zero has applied it locally, so the next entry is queued after it. A reply the browser
    // already refuses (e.g. the window closed while offline) never reaches the server: report it now.
    const local = await result.client.catch((): ServerResult => ({ type: 'success' }));
    if (local.type === 'error' && local.error.type === 'app') void this.#settle(entry, local);
  }

  async #settle(entry: OutboxEntry, result: ServerResult) {
    this.#inFlight.delete(entry.id);
    if (result.type === 'error' && result.error.type === 'zero') return; // transient: replay later
    await this.#serial(async () => {
      if (!this.#entries.some((e) => e.id === entry.id)) return; // already settled
      await this.#store.delete(entry.id).catch((err: unknown) => {
        console.warn('[outbox] could not delete a settled reply from the store', err);
      });
      this.#entries = this.#entries.filter((e) => e.id !== entry.id);
      if (result.type === 'error')
        this.#rejections = [...this.#rejections, { entry, message: result.error.message }];
      this.#emit();
    });
  }

  #emit() {
    for (const l of this.#listeners) l();
  }
}

/** In memory: for tests and for browsers without IndexedDB (private modes). */
export function memoryOutboxStore(): OutboxStore {
  const rows = new Map<string, OutboxEntry>();
  return {
    list: async (userId) => [...rows.values()].filter((e) => e.userId === userId).map((e) => ({ ...e })),
    put: async (e) => void rows.set(e.id, { ...e }),
    delete: async (id) => void rows.delete(id),
  };
}

/** The IndexedDB database of queued replies (sign-out deletes it; a revoked session keeps it). */
export const OUTBOX_DATABASE = 'cdesk-outbox';
const STORE = 'entries';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** IndexedDB store, one database per browser profile, entries keyed by message id. */
export function indexedDbOutboxStore(): OutboxStore {
  const db = new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(OUTBOX_DATABASE, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('userId', 'userId');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = async (mode: IDBTransactionMode) => (await db).transaction(STORE, mode).objectStore(STORE);
  // Resolves once the write is durable (the transaction committed), not merely queued.
  const committed = (store: IDBObjectStore) =>
    new Promise<void>((resolve, reject) => {
      store.transaction.oncomplete = () => resolve();
      store.transaction.onerror = () => reject(store.transaction.error);
      store.transaction.onabort = () => reject(store.transaction.error);
    });
  return {
    list: async (userId) =>
      request((await tx('readonly')).index('userId').getAll(userId)) as Promise<OutboxEntry[]>,
    put: async (entry) => {
      const store = await tx('readwrite');
      const done = committed(store);
      store.put(entry);
      await done;
    },
    delete: async (id) => {
      const store = await tx('readwrite');
      const done = committed(store);
      store.delete(id);
      await done;
    },
  };
}
