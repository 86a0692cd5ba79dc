import { canOwn } from '../../schema/assignment.ts';
import { canApply } from '../../schema/conversation-lifecycle.ts';
import { MAX_BULK } from '../../schema/mutators/conversations.ts';
import { mutators } from '../../schema/mutators.ts';
import { canWrite } from '../../schema/roles.ts';
import { canHandBack, canTakeOver } from '../../schema/thread-control.ts';
import { commandStrings as s } from '../i18n/command-strings.ts';
import type { Action, CommandContext } from './action.ts';
import { type SnoozePreset, snoozeUntil } from './snooze-times.ts';

// The operator's commands, registered once: the thread header, the table's bulk bar, the keyboard and
// the "?" help all use these. The server re-checks everything (scope, role, state): `enabled` only
// decides what the screen offers.

const ids = (ctx: CommandContext) => ctx.targets.slice(0, MAX_BULK).map((c) => c.id);
const writer = (ctx: CommandContext) => canWrite(ctx.me.role) && ctx.targets.length > 0;
const anyCan = (ctx: CommandContext, action: 'resolve' | 'snooze' | 'reopen') =>
  writer(ctx) && ctx.targets.some((c) => canApply(action, c.state));

/** Resolve or reopen the targets the action applies to (snooze needs a time: snoozeAction). */
function stateAction(action: 'resolve' | 'reopen', shortcut: string): Action {
  return {
    id: action,
    label: s.actions[action],
    group: 'conversation',
    shortcut,
    enabled: (ctx) => anyCan(ctx, action),
    perform: (ctx) => ctx.run(mutators.conversations[action]({ ids: ids(ctx), now: ctx.now })),
  };
}

function snoozeAction(id: string, label: string, preset: SnoozePreset): Action {
  return {
    id,
    label,
    group: 'conversation',
    enabled: (ctx) => anyCan(ctx, 'snooze'),
    perform: (ctx) =>
      ctx.run(
        mutators.conversations.snooze({ ids: ids(ctx), until: snoozeUntil(preset, ctx.now), now: ctx.now }),
      ),
  };
}

/** Whether `operatorId` may own every target (a transfer to someone who cannot see one is refused). */
export function canOwnAll(ctx: CommandContext, operatorId: string): boolean {
  const op = ctx.operators.find((o) => o.id === operatorId);
  return !!op && ctx.targets.every((c) => canOwn(op, c.channelId));
}

export const ACTIONS: readonly Action[] = [
  stateAction('resolve', 'e'),
  stateAction('reopen', 'shift+e'),
  {
    id: 'snooze',
    label: s.actions.snooze,
    group: 'conversation',
    shortcut: 's',
    enabled: (ctx) => anyCan(ctx, 'snooze'),
    perform: (ctx) => ctx.ui.request('snooze'),
  },
  snoozeAction('snooze.hour', s.actions.snoozeHour, 'hour'),
  snoozeAction('snooze.tomorrow', s.actions.snoozeTomorrow, 'tomorrow'),
  snoozeAction('snooze.nextWeek', s.actions.snoozeNextWeek, 'nextWeek'),
  snoozeAction('snooze.untilReply', s.actions.snoozeUntilReply, 'untilReply'),
  {
    id: 'assign.me',
    label: s.actions.assignMe,
    group: 'conversation',
    shortcut: 'i',
    enabled: (ctx) =>
      writer(ctx) && canOwnAll(ctx, ctx.me.id) && ctx.targets.some((c) => c.assigneeId !== ctx.me.id),
    perform: (ctx) =>
      ctx.run(mutators.conversations.assign({ ids: ids(ctx), operatorId: ctx.me.id, now: ctx.now })),
  },
  {
    id: 'assign.other',
    label: s.actions.assignOther,
    group: 'conversation',
    shortcut: 'a',
    enabled: writer,
    perform: (ctx) => ctx.ui.request('assign'),
  },
  {
    // The operator picker's items: `arg` is the operator.
    id: 'assign.to',
    label: s.actions.assignTo,
    group: 'conversation',
    needsChoice: true,
    enabled: writer,
    perform: (ctx, operatorId) => {
      if (!operatorId || !canOwnAll(ctx, operatorId)) return;
      ctx.run(mutators.conversations.assign({ ids: ids(ctx), operatorId, now: ctx.now }));
    },
  },
  {
    id: 'unassign',
    label: s.actions.unassign,
    group: 'conversation',
    shortcut: 'shift+a',
    enabled: (ctx) => writer(ctx) && ctx.targets.some((c) => c.assigneeId != null),
    perform: (ctx) =>
      ctx.run(mutators.conversations.assign({ ids: ids(ctx), operatorId: null, now: ctx.now })),
  },
  {
    // Meta Business Agent (Conversation Routing): one conversation at a time, only where routing applies.
    id: 'takeOver',
    label: s.actions.takeOver,
    group: 'conversation',
    enabled: (ctx) => writer(ctx) && ctx.targets.length === 1 && canTakeOver(ctx.targets[0] ?? {}),
    perform: (ctx) => {
      const c = ctx.targets[0];
      if (c) ctx.run(mutators.conversations.takeOver({ id: c.id, now: ctx.now }));
    },
  },
  {
    id: 'handBack',
    label: s.actions.handBack,
    group: 'conversation',
    enabled: (ctx) => writer(ctx) && ctx.targets.length === 1 && canHandBack(ctx.targets[0] ?? {}),
    perform: (ctx) => {
      const c = ctx.targets[0];
      if (c) ctx.run(mutators.conversations.handBack({ id: c.id, now: ctx.now }));
    },
  },
  {
    // Two conversations of one person: the open conversation keeps; the dialog picks the other one.
    id: 'merge',
    label: s.actions.merge,
    group: 'conversation',
    enabled: (ctx) => writer(ctx) && ctx.targets.length === 1 && ctx.ui.onScreen === 'conversation',
    perform: (ctx) => ctx.ui.request('merge'),
  },
  {
    // The merge dialog's confirmation: `arg` is the conversation that disappears into the open one.
    id: 'merge.into',
    label: s.actions.mergeInto,
    group: 'conversation',
    needsChoice: true,
    enabled: (ctx) => writer(ctx) && ctx.targets.length === 1,
    perform: (ctx, sourceId) => {
      const target = ctx.targets[0];
      if (!target || !sourceId) return;
      ctx.run(mutators.conversations.merge({ targetId: target.id, sourceId, now: ctx.now }));
    },
  },
  {
    id: 'cannedReply',
    label: s.actions.cannedReply,
    group: 'conversation',
    shortcut: 'c',
    enabled: (ctx) => canWrite(ctx.me.role) && ctx.ui.onScreen === 'conversation',
    perform: (ctx) => ctx.ui.request('canned'),
  },
  {
    id: 'nextUnread',
    label: s.actions.nextUnread,
    group: 'navigation',
    shortcut: 'n',
    enabled: (ctx) => ctx.ui.hasNextUnread,
    perform: (ctx) => ctx.ui.nextUnread(),
  },
  {
    id: 'focusSearch',
    label: s.actions.focusSearch,
    group: 'navigation',
    shortcut: '/',
    enabled: () => true,
    perform: (ctx) => ctx.ui.focusSearch(),
  },
  {
    id: 'help',
    label: s.actions.help,
    group: 'help',
    shortcut: '?',
    enabled: () => true,
    perform: (ctx) => ctx.ui.showHelp(),
  },
];

export type ActionId = (typeof ACTIONS)[number]['id'];

export function actionById(id: string): Action {
  const a = ACTIONS.find((x) => x.id === id);
  if (!a) throw new Error(`No action ${id}`);
  return a;
}
