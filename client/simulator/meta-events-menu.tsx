import { Button, Menu } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { z } from 'zod';
import { simulatorStrings as s } from '../i18n/simulator-strings.ts';
import { simulatorApi } from './simulator-api.ts';

const EventAnswer = z.object({ wamid: z.string().nullable() });

/**
 * What Meta sends besides the customer's own messages (issue 15.9), played for this customer from the
 * phone page, as the simulator's API plays it (POST /simulator-api/customers/:waId/events): Meta
 * Business Agent's turns and handovers, calls, a reply typed in the WhatsApp Business app, a marketing
 * stop or resume, the customer's card sent with a template's "Request contact info" button.
 */
export function MetaEventsMenu({
  waId,
  disabled,
  onDone,
  onProblem,
}: {
  waId: string;
  disabled: boolean;
  onDone: () => void;
  onProblem: (message: string) => void;
}) {
  const play = async (event: Record<string, unknown>) => {
    try {
      await simulatorApi(EventAnswer, 'POST', `/customers/${encodeURIComponent(waId)}/events`, event);
      onDone();
    } catch (err) {
      onProblem((err as Error).message);
    }
  };
  const items: { id: string; label: string; event: Record<string, unknown> }[] = [
    { id: 'standby', label: s.events.standby, event: { kind: 'standby', ...s.events.standbyTurn } },
    { id: 'passed', label: s.events.passed, event: { kind: 'handover', type: 'control_passed' } },
    {
      id: 'taken',
      label: s.events.taken,
      event: { kind: 'handover', type: 'control_taken', to: 'ai_agent' },
    },
    { id: 'echo', label: s.events.echo, event: { kind: 'app_echo', text: s.events.echoText } },
    { id: 'call', label: s.events.call, event: { kind: 'call', durationSeconds: 65 } },
    { id: 'missed', label: s.events.missedCall, event: { kind: 'call', durationSeconds: 0 } },
    { id: 'stop', label: s.events.stopMarketing, event: { kind: 'marketing', value: 'stop' } },
    { id: 'resume', label: s.events.resumeMarketing, event: { kind: 'marketing', value: 'resume' } },
    { id: 'card', label: s.events.shareCard, event: { kind: 'contact_shared' } },
  ];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-xs"
          variant="white"
          color="dark"
          disabled={disabled}
          rightSection={<IconChevronDown size={12} aria-hidden />}
          data-testid="sim-meta-events"
        >
          {s.events.menu}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((item) => (
          <Menu.Item key={item.id} onClick={() => void play(item.event)} data-testid={`sim-event-${item.id}`}>
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
