import { CloseButton, Group, Paper, Text } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import {
  createContext,
  type ReactNode,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { ACTIVE_STATES } from '../../schema/conversation-lifecycle.ts';
import { queries } from '../../schema/queries.ts';
import type { Role } from '../../schema/roles.ts';
import type { Conversation } from '../../schema/schema.ts';
import { lazyComponent } from '../app/lazy-component.tsx';
import { usePreloadWhenIdle } from '../app/use-preload-when-idle.ts';
import type { Route } from '../app/use-route.ts';
import { commandStrings as s } from '../i18n/command-strings.ts';
import {
  type Action,
  actionForKey,
  type CommandContext,
  type CommandRequestKind,
  type Mutation,
} from './action.ts';
import { ACTIONS, actionById } from './conversation-actions.ts';

// The command host: builds the context actions run in (who is signed in, what the screen targets),
// listens for their shortcuts, shows the "?" help and reports a refused command. Screens tell it what
// commands act on (useCommandTargets) and show the menus commands open (useCommandRequest).

// The "?" dialog's code is fetched once the page is idle, not before the Chats route's first paint.
const ShortcutHelp = lazyComponent(() => import('./shortcut-help.tsx').then((m) => m.ShortcutHelp));

type Commands = {
  context: () => CommandContext;
  perform: (id: string, arg?: string) => void;
  /**
   * Called when an input of `enabled` changes (targets, operators, the next unread, the route). Controls
   * subscribe through useCommandSelect and render again only when what they select changes: a new
   * message rewrites the open conversation's row, and that must not render every button again.
   */
  subscribe: (onChange: () => void) => () => void;
};

type Registry = {
  setTargets: (owner: object, rows: readonly Conversation[] | null) => void;
  listen: (kind: CommandRequestKind, fn: () => void) => () => void;
};

const CommandsContext = createContext<Commands | null>(null);
const RegistryContext = createContext<Registry | null>(null);

export function CommandProvider({
  me,
  route,
  navigate,
  children,
}: {
  me: { id: string; role: Role; name: string };
  route: Route;
  navigate: (r: Route) => void;
  children: ReactNode;
}) {
  const z = useZero();
  const [operators] = useQuery(queries.operators.list());
  const [unread] = useQuery(
    queries.conversations.list({
      filter: { unreadOnly: true, states: [...ACTIVE_STATES] },
      sort: 'lastMessageAt',
      dir: 'desc',
      limit: 2,
    }),
  );
  const currentId = route.name === 'conversation' ? route.id : null;
  const nextUnread = unread.find((c) => c.id !== currentId) ?? null;
  const state = useRef({ operators, nextUnread, route });
  state.current = { operators, nextUnread, route };
  const targets = useRef<{ owner: object | null; rows: readonly Conversation[] }>({ owner: null, rows: [] });
  const subscribers = useRef(new Set<() => void>());
  const changed = useCallback(() => {
    for (const fn of subscribers.current) fn();
  }, []);
  usePreloadWhenIdle(ShortcutHelp.preload);
  const [helpOpen, setHelpOpen] = useState(false);
  // Mounted from the first "?" on, so closing it keeps the dialog's closing transition.
  const [helpShown, setHelpShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listeners = useRef(new Map<CommandRequestKind, Set<() => void>>());

  const registry = useMemo<Registry>(
    () => ({
      setTargets: (owner, rows) => {
        if (rows === null && targets.current.owner !== owner) return;
        targets.current = rows === null ? { owner: null, rows: [] } : { owner, rows };
        changed();
      },
      listen: (kind, fn) => {
        const set = listeners.current.get(kind) ?? new Set();
        set.add(fn);
        listeners.current.set(kind, set);
        return () => set.delete(fn);
      },
    }),
    [changed],
  );

  const run = useCallback(
    (mutation: Mutation) => {
      setError(null);
      const result = z.mutate(mutation);
      void result.server.then(
        (r) => {
          const answer = r as { type: string; error?: { type: string; message: string } };
          if (answer.type === 'error' && answer.error?.type === 'app') setError(answer.error.message);
        },
        (e: unknown) => setError((e as Error).message),
      );
    },
    [z],
  );

  const focusSearch = useCallback(() => {
    if (state.current.route.name !== 'chats') navigate({ name: 'chats' });
    // The Chats screen may render a frame or two later.
    let tries = 30;
    const tryFocus = () => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="chats-search"]');
      if (input) input.focus();
      else if (tries-- > 0) requestAnimationFrame(tryFocus);
    };
    tryFocus();
  }, [navigate]);

  const context = useCallback((): CommandContext => {
    const cur = state.current;
    return {
      me,
      targets: targets.current.rows,
      operators: cur.operators,
      now: Date.now(),
      run,
      ui: {
        request: (kind) => {
          for (const fn of listeners.current.get(kind) ?? []) fn();
        },
        showHelp: () => {
          setHelpShown(true);
          setHelpOpen(true);
        },
        focusSearch,
        nextUnread: () => {
          const next = state.current.nextUnread;
          if (next) navigate({ name: 'conversation', id: next.id });
        },
        hasNextUnread: cur.nextUnread !== null,
        onScreen:
          cur.route.name === 'conversation' ? 'conversation' : cur.route.name === 'chats' ? 'chats' : 'other',
      },
    };
  }, [me, run, focusSearch, navigate]);

  const perform = useCallback(
    (id: string, arg?: string) => {
      const action = actionById(id);
      const ctx = context();
      if (action.enabled(ctx)) action.perform(ctx, arg);
    },
    [context],
  );

  // The provider's own inputs of `enabled` changed: let the controls look again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: these are what the controls select from
  useLayoutEffect(changed, [operators, nextUnread, route, changed]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog (this help, a modal form) owns the keyboard while open.
      if (document.querySelector('[aria-modal="true"]')) return;
      const action: Action | undefined = actionForKey(ACTIONS, e, context());
      if (!action) return;
      e.preventDefault();
      action.perform(context());
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [context]);

  const subscribe = useCallback((onChange: () => void) => {
    subscribers.current.add(onChange);
    return () => {
      subscribers.current.delete(onChange);
    };
  }, []);
  const commands = useMemo(() => ({ context, perform, subscribe }), [context, perform, subscribe]);

  return (
    <RegistryContext.Provider value={registry}>
      <CommandsContext.Provider value={commands}>
        {children}
        {helpShown && (
          <Suspense fallback={null}>
            <ShortcutHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
          </Suspense>
        )}
        {error && (
          <Paper
            withBorder
            shadow="md"
            p="sm"
            role="alert"
            data-testid="command-error"
            style={{ position: 'fixed', left: 16, bottom: 16, zIndex: 300, maxWidth: 420 }}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm">
                {s.errors.failed} {error}
              </Text>
              <CloseButton size="sm" aria-label={s.errors.dismiss} onClick={() => setError(null)} />
            </Group>
          </Paper>
        )}
      </CommandsContext.Provider>
    </RegistryContext.Provider>
  );
}

/** The commands, for buttons and menus: `perform(id)` and the context to ask `enabled` with. */
export function useCommands(): Commands {
  const c = useContext(CommandsContext);
  if (!c) throw new Error('useCommands outside CommandProvider');
  return c;
}

/**
 * What a control shows of the commands (an action's `enabled`, the colleagues to assign to), kept up to
 * date: the control renders again when `select` gives a different value (by `equal`), and only then.
 */
export function useCommandSelect<T>(
  select: (ctx: CommandContext) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const { context, subscribe } = useCommands();
  const last = useRef<{ value: T } | null>(null);
  const snapshot = () => {
    const value = select(context());
    if (last.current && equal(last.current.value, value)) return last.current.value;
    last.current = { value };
    return value;
  };
  return useSyncExternalStore(subscribe, snapshot);
}

/** Whether action `id` applies now, for a button or menu item. */
export function useCommandEnabled(id: string): boolean {
  return useCommandSelect((ctx) => actionById(id).enabled(ctx));
}

/** Tells the host what commands act on while this component is on screen. */
export function useCommandTargets(rows: readonly Conversation[]) {
  const registry = useContext(RegistryContext);
  const owner = useRef({}).current;
  useEffect(() => {
    registry?.setTargets(owner, rows);
  }, [registry, owner, rows]);
  useEffect(() => () => registry?.setTargets(owner, null), [registry, owner]);
}

/** Opens this component's menu when a command asks for it (e.g. "s" opens the snooze menu). */
export function useCommandRequest(kind: CommandRequestKind, fn: () => void) {
  const registry = useContext(RegistryContext);
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => registry?.listen(kind, () => ref.current()), [registry, kind]);
}
