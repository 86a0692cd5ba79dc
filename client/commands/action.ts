import type { mutators } from '../../schema/mutators.ts';
import type { Role } from '../../schema/roles.ts';
import type { Conversation, Operator } from '../../schema/schema.ts';
import { isTypingTarget, type KeyLike, matchesShortcut, parseShortcut } from './shortcut.ts';

// Every operator command is one action (Excalidraw's model): its label, its keyboard shortcut, when it
// applies and what it does. Buttons, menus, the keyboard and the "?" help all read the same action, so a
// command behaves the same wherever it is started.

/** A shared mutator call, run by the command host (which reports a refusal). */
export type Mutation = ReturnType<
  (typeof mutators.conversations)[
    | 'resolve'
    | 'reopen'
    | 'snooze'
    | 'assign'
    | 'takeOver'
    | 'handBack'
    | 'merge']
>;

/** What the screen hands to commands: what they act on and how to show the menus they open. */
export type CommandContext = {
  me: { id: string; role: Role; name: string };
  /** The open conversation, or the rows selected in the Chats table. */
  targets: readonly Conversation[];
  operators: readonly Operator[];
  now: number;
  run: (mutation: Mutation) => void;
  ui: {
    /** Opens a menu that the screen shows (the snooze menu, the operator picker, the canned list). */
    request: (kind: CommandRequestKind) => void;
    showHelp: () => void;
    focusSearch: () => void;
    nextUnread: () => void;
    hasNextUnread: boolean;
    onScreen: 'chats' | 'conversation' | 'other';
  };
};

export type CommandRequestKind = 'snooze' | 'assign' | 'canned' | 'merge';

export type ActionGroup = 'conversation' | 'navigation' | 'help';

export type Action = {
  id: string;
  label: string;
  group: ActionGroup;
  /** e.g. 'e', 'shift+a', '?'; none: menus and buttons only. */
  shortcut?: string;
  /** A picker's item (it acts on what the picker chose, `arg`): started from its menu or dialog only, not listed in the help. */
  needsChoice?: boolean;
  /** Fires even in a text field (only for shortcuts with a modifier, which type nothing). */
  whileTyping?: boolean;
  enabled: (ctx: CommandContext) => boolean;
  /** `arg`: what a menu item adds, e.g. the operator an "assign to" item names. */
  perform: (ctx: CommandContext, arg?: string) => void;
};

/** The action a key press starts, if any: not while typing (unless the action allows it), only if enabled. */
export function actionForKey(
  actions: readonly Action[],
  e: KeyLike & { target: EventTarget | null; defaultPrevented?: boolean },
  ctx: CommandContext,
): Action | undefined {
  if (e.defaultPrevented) return undefined;
  const typing = isTypingTarget(e.target);
  for (const action of actions) {
    if (!action.shortcut) continue;
    if (typing && !action.whileTyping) continue;
    if (!matchesShortcut(e, parseShortcut(action.shortcut))) continue;
    if (!action.enabled(ctx)) continue;
    return action;
  }
  return undefined;
}

/** Runs an action if it applies; returns whether it ran. */
export function performAction(action: Action, ctx: CommandContext, arg?: string): boolean {
  if (!action.enabled(ctx)) return false;
  action.perform(ctx, arg);
  return true;
}
