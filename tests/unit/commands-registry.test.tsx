import { describe, expect, it, vi } from 'vitest';
import { actionForKey, type CommandContext } from '../../client/commands/action.ts';
import { ACTIONS, actionById } from '../../client/commands/conversation-actions.ts';
import {
  ariaKeyShortcuts,
  isTypingTarget,
  matchesShortcut,
  parseShortcut,
} from '../../client/commands/shortcut.ts';
import { snoozeUntil } from '../../client/commands/snooze-times.ts';
import { mutators } from '../../schema/mutators.ts';
import type { Conversation, Operator } from '../../schema/schema.ts';

const conv = (over: Partial<Conversation> = {}) =>
  ({
    id: 'cv-1',
    channelId: 'ch-1',
    state: 'open',
    snoozedUntil: null,
    assigneeId: null,
    ...over,
  }) as Conversation;
const op = (over: Partial<Operator> = {}) =>
  ({ id: 'op-me', name: 'Me', role: 'operator', active: true, channelScope: null, ...over }) as Operator;

function context(over: Partial<CommandContext> = {}): CommandContext & { run: ReturnType<typeof vi.fn> } {
  const run = vi.fn();
  return {
    me: { id: 'op-me', role: 'operator', name: 'Me' },
    targets: [conv()],
    operators: [op(), op({ id: 'op-olga', name: 'Olga' })],
    now: Date.parse('2026-03-04T10:00:00Z'),
    run,
    ui: {
      request: vi.fn(),
      showHelp: vi.fn(),
      focusSearch: vi.fn(),
      nextUnread: vi.fn(),
      hasNextUnread: true,
      onScreen: 'conversation',
    },
    ...over,
  } as CommandContext & { run: ReturnType<typeof vi.fn> };
}

const key = (
  k: string,
  mods: Partial<KeyboardEventInit> = {},
  target: EventTarget | null = document.body,
) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
  target,
});

describe('shortcuts', () => {
  it('match letters with their Shift state and symbols whatever Shift', () => {
    expect(matchesShortcut(key('e'), parseShortcut('e'))).toBe(true);
    expect(matchesShortcut(key('E', { shiftKey: true }), parseShortcut('e'))).toBe(false);
    expect(matchesShortcut(key('E', { shiftKey: true }), parseShortcut('shift+e'))).toBe(true);
    expect(matchesShortcut(key('e', { ctrlKey: true }), parseShortcut('e'))).toBe(false);
    expect(matchesShortcut(key('?', { shiftKey: true }), parseShortcut('?'))).toBe(true);
    expect(matchesShortcut(key('k', { metaKey: true }), parseShortcut('mod+k'))).toBe(true);
  });

  it('know where the operator is typing', () => {
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(document.createElement('input'))).toBe(true);
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(box)).toBe(false);
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    expect(isTypingTarget(editable)).toBe(true);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
  });

  it('are announced to assistive technology', () => {
    expect(ariaKeyShortcuts('shift+e')).toBe('Shift+E');
    expect(ariaKeyShortcuts('?')).toBe('?');
  });

  it('are unique across the registry', () => {
    const keys = ACTIONS.flatMap((a) => (a.shortcut ? [a.shortcut] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('actionForKey', () => {
  it('starts the action of the key when it applies', () => {
    const ctx = context();
    expect(actionForKey(ACTIONS, key('e'), ctx)?.id).toBe('resolve');
    expect(actionForKey(ACTIONS, key('?', { shiftKey: true }), ctx)?.id).toBe('help');
  });

  it('does nothing while the operator types in a field', () => {
    const ctx = context();
    expect(actionForKey(ACTIONS, key('e', {}, document.createElement('textarea')), ctx)).toBeUndefined();
    expect(actionForKey(ACTIONS, key('/', {}, document.createElement('input')), ctx)).toBeUndefined();
  });

  it('does nothing for a disabled action or an event already handled', () => {
    expect(
      actionForKey(ACTIONS, key('e'), context({ targets: [conv({ state: 'resolved' })] })),
    ).toBeUndefined();
    expect(actionForKey(ACTIONS, key('e'), context({ targets: [] }))).toBeUndefined();
    expect(actionForKey(ACTIONS, { ...key('e'), defaultPrevented: true }, context())).toBeUndefined();
  });
});

describe('enabled', () => {
  it('offers resolve or reopen by state, and nothing to a viewer', () => {
    const open = context();
    const resolved = context({ targets: [conv({ state: 'resolved' })] });
    expect(actionById('resolve').enabled(open)).toBe(true);
    expect(actionById('reopen').enabled(open)).toBe(false);
    expect(actionById('resolve').enabled(resolved)).toBe(false);
    expect(actionById('reopen').enabled(resolved)).toBe(true);
    expect(
      actionById('resolve').enabled(context({ me: { id: 'op-me', role: 'readonly', name: 'Me' } })),
    ).toBe(false);
  });

  it('offers assign to me only to someone who may own the conversation and does not yet', () => {
    expect(actionById('assign.me').enabled(context())).toBe(true);
    expect(actionById('assign.me').enabled(context({ targets: [conv({ assigneeId: 'op-me' })] }))).toBe(
      false,
    );
    const scoped = context({ operators: [op({ channelScope: ['ch-other'] })] });
    expect(actionById('assign.me').enabled(scoped)).toBe(false);
    expect(actionById('unassign').enabled(context())).toBe(false);
    expect(actionById('unassign').enabled(context({ targets: [conv({ assigneeId: 'op-olga' })] }))).toBe(
      true,
    );
  });
});

describe('perform', () => {
  it('runs the shared mutator on every target', () => {
    const ctx = context({ targets: [conv(), conv({ id: 'cv-2' })] });
    actionById('resolve').perform(ctx);
    expect(ctx.run).toHaveBeenCalledTimes(1);
    const call = ctx.run.mock.calls[0]?.[0] as { mutator: unknown; args: { ids: string[] } };
    expect(call.mutator).toBe(mutators.conversations.resolve({ ids: ['x'], now: 0 }).mutator);
    expect(call.args.ids).toEqual(['cv-1', 'cv-2']);
  });

  it('assigns only to an operator who can own the conversations', () => {
    const ctx = context({ operators: [op(), op({ id: 'op-x', channelScope: ['ch-other'] })] });
    actionById('assign.to').perform(ctx, 'op-x');
    expect(ctx.run).not.toHaveBeenCalled();
  });

  it('snoozes until the customer replies with no time', () => {
    const ctx = context();
    actionById('snooze.untilReply').perform(ctx);
    const call = ctx.run.mock.calls[0]?.[0] as { args: { until: number | null } };
    expect(call.args.until).toBeNull();
  });
});

describe('Meta Business Agent: take over and hand back', () => {
  it('are offered only where routing applies, one conversation at a time, to writers', () => {
    const enabled = (id: string, over: Partial<CommandContext>) => actionById(id).enabled(context(over));
    expect(enabled('takeOver', { targets: [conv({ threadControl: 'agent' })] })).toBe(true);
    expect(enabled('takeOver', { targets: [conv({ threadControl: 'idle' })] })).toBe(true);
    expect(enabled('takeOver', { targets: [conv({ threadControl: 'team' })] })).toBe(false);
    expect(enabled('takeOver', { targets: [conv({ threadControl: null })] })).toBe(false);
    expect(enabled('handBack', { targets: [conv({ threadControl: 'team' })] })).toBe(true);
    expect(enabled('handBack', { targets: [conv({ threadControl: 'agent' })] })).toBe(false);
    const both = [conv({ threadControl: 'agent' }), conv({ id: 'cv-2', threadControl: 'agent' })];
    expect(enabled('takeOver', { targets: both })).toBe(false);
    expect(
      enabled('takeOver', {
        targets: [conv({ threadControl: 'agent' })],
        me: { id: 'op-me', role: 'readonly', name: 'Me' },
      }),
    ).toBe(false);
  });

  it('run the shared mutators on the open conversation', () => {
    const ctx = context({ targets: [conv({ threadControl: 'agent' })] });
    actionById('takeOver').perform(ctx);
    const call = ctx.run.mock.calls[0]?.[0] as { mutator: unknown; args: { id: string } };
    expect(call.mutator).toBe(mutators.conversations.takeOver({ id: 'x', now: 0 }).mutator);
    expect(call.args.id).toBe('cv-1');
  });
});

describe('snooze times', () => {
  it('are an hour on, tomorrow 9:00 and next Monday 9:00 local time', () => {
    const wed = new Date(2026, 2, 4, 15, 30).getTime(); // a Wednesday
    expect(snoozeUntil('hour', wed)).toBe(wed + 3_600_000);
    expect(snoozeUntil('tomorrow', wed)).toBe(new Date(2026, 2, 5, 9, 0).getTime());
    expect(snoozeUntil('nextWeek', wed)).toBe(new Date(2026, 2, 9, 9, 0).getTime());
    const mon = new Date(2026, 2, 9, 8, 0).getTime();
    expect(snoozeUntil('nextWeek', mon)).toBe(new Date(2026, 2, 16, 9, 0).getTime());
    expect(snoozeUntil('untilReply', wed)).toBeNull();
  });
});
