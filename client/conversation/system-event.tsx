import type { ConversationEvent } from '../../schema/schema.ts';
import { MUTED } from '../app/text-colors.ts';
import { commandStrings as s } from '../i18n/command-strings.ts';
import { formatWhen } from './conversation-lifecycle-bar.tsx';

/** The sentence a system event shows in the thread. */
export function eventText(e: ConversationEvent, timeZone?: string): string {
  const actor = e.actorName ?? null;
  switch (e.kind) {
    case 'assigned':
      if (e.actorId && e.actorId === e.operatorId)
        return s.events.selfAssigned(actor ?? e.operatorName ?? '');
      return s.events.assigned(e.actorId ? actor : null, e.operatorName ?? '');
    case 'unassigned':
      return s.events.unassigned(actor);
    case 'resolved':
      return s.events.resolved(actor);
    case 'snoozed':
      return s.events.snoozed(actor, e.until == null ? null : formatWhen(e.until, timeZone));
    case 'reopened':
      if (e.reason === 'customer') return s.events.reopenedByCustomer;
      if (e.reason === 'snooze') return s.events.reopenedBySnooze;
      return s.events.reopened(actor);
    case 'taken_over':
      return s.events.takenOver(actor);
    case 'handed_back':
      return s.events.handedBack(actor);
    case 'control_passed':
      return s.events.controlPassed;
    case 'control_taken':
      return s.events.controlTaken(e.detail === 'agent');
    case 'merged':
      return s.events.merged(actor, e.detail ?? '');
    case 'control_failed': {
      const detail = e.detail ?? '';
      return s.events.controlFailed(detail.startsWith('take'), detail.replace(/^(take|release): /, ''));
    }
  }
  return '';
}

/** One system event: a centred line between the messages, with its time. */
export function SystemEvent({ event, timeZone }: { event: ConversationEvent; timeZone?: string }) {
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(event.at);
  return (
    <div
      data-testid="system-event"
      data-kind={event.kind}
      style={{ display: 'flex', justifyContent: 'center', padding: '4px 16px' }}
    >
      <p
        style={{
          margin: 0,
          padding: '2px 10px',
          borderRadius: 12,
          fontSize: 'var(--mantine-font-size-xs)',
          color: MUTED,
          background: 'light-dark(var(--mantine-color-gray-1), var(--mantine-color-dark-6))',
          textAlign: 'center',
        }}
      >
        {eventText(event, timeZone)} · <time dateTime={new Date(event.at).toISOString()}>{time}</time>
      </p>
    </div>
  );
}
