// Keyboard shortcuts of the registered actions: written as 'e', 'shift+e', 'mod+k', '?' or '/', matched
// against key events, shown in the help dialog and announced through aria-keyshortcuts.

export type Shortcut = { key: string; shift: boolean; mod: boolean; alt: boolean };

export function parseShortcut(text: string): Shortcut {
  const parts = text.toLowerCase().split('+');
  // '+' itself is not a key we use; the last part is the key.
  const key = parts[parts.length - 1] ?? '';
  return {
    key,
    shift: parts.includes('shift'),
    mod: parts.includes('mod'),
    alt: parts.includes('alt'),
  };
}

const isLetter = (key: string) => /^[a-z]$/.test(key);

export type KeyLike = {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
};

/**
 * Whether a key event is the shortcut. Letters compare their Shift state; symbols ('?', '/') do not,
 * since which of them needs Shift depends on the keyboard layout.
 */
export function matchesShortcut(e: KeyLike, shortcut: Shortcut): boolean {
  if (e.isComposing) return false;
  const key = e.key.toLowerCase();
  if (key !== shortcut.key) return false;
  if ((e.ctrlKey || e.metaKey) !== shortcut.mod) return false;
  if (e.altKey !== shortcut.alt) return false;
  if (isLetter(shortcut.key) && e.shiftKey !== shortcut.shift) return false;
  return true;
}

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'number',
  'password',
  'tel',
  'url',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** Whether the event comes from somewhere the operator types (a single key there is text, not a command). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return TEXT_INPUT_TYPES.has(((el as HTMLInputElement).type || 'text').toLowerCase());
  return el.isContentEditable === true || el.getAttribute?.('contenteditable') === 'true';
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform ?? '');

/** The shortcut's keys in order (modifiers first), the command key named `mod` (it differs on a Mac). */
function keyNames(text: string, mod: string): string[] {
  const s = parseShortcut(text);
  const keys: string[] = [];
  if (s.mod) keys.push(mod);
  if (s.alt) keys.push('Alt');
  if (s.shift) keys.push('Shift');
  keys.push(s.key.length === 1 ? s.key.toUpperCase() : s.key);
  return keys;
}

/** The keys as the help dialog shows them, e.g. ['Shift', 'E']. */
export function shortcutKeys(text: string): string[] {
  return keyNames(text, isMac() ? '⌘' : 'Ctrl');
}

/** The WAI-ARIA aria-keyshortcuts value, e.g. 'Shift+E'. */
export function ariaKeyShortcuts(text: string): string {
  return keyNames(text, isMac() ? 'Meta' : 'Control').join('+');
}
