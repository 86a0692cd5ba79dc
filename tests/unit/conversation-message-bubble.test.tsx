import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MessageBubble } from '../../client/conversation/message-bubble.tsx';
import { MetaStateBadges } from '../../client/conversation/meta-state-badges.tsx';
import type { ThreadMessageRow } from '../../client/conversation/types.ts';

function row(over: Partial<ThreadMessageRow>): ThreadMessageRow {
  return {
    id: 'm1',
    conversationId: 'c1',
    wamid: 'wamid.1',
    direction: 'in',
    type: 'text',
    body: 'Hello',
    payload: null,
    attachmentId: null,
    replyToWamid: null,
    replyToMessageId: null,
    forwarded: false,
    frequentlyForwarded: false,
    status: 'received',
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    failedAt: null,
    errorCode: null,
    errorTitle: null,
    errorDetail: null,
    operatorId: null,
    templateName: null,
    templateLanguage: null,
    templateParams: null,
    createdAt: Date.UTC(2026, 11, 4, 10),
    receivedAt: Date.UTC(2026, 11, 4, 10),
    arrival: 1,
    origin: null,
    editedAt: null,
    deletedAt: null,
    pricingCategory: null,
    pricingType: null,
    billable: null,
    reactions: [],
    ...over,
  } as ThreadMessageRow;
}

const actions = {
  reply: vi.fn(),
  react: vi.fn(),
  newRequest: vi.fn(),
  addToRequest: vi.fn(),
  retry: vi.fn(),
};

function show(m: ThreadMessageRow) {
  return render(
    <MantineProvider env="test">
      <MessageBubble
        message={m}
        customerName="Sheena"
        myId="op-1"
        canWrite
        queued={false}
        lastFromCustomer={false}
        actions={actions}
      />
    </MantineProvider>,
  );
}

describe('MessageBubble: what Meta reports about a message (issue 15)', () => {
  it('marks an edited message and a deleted one', () => {
    show(row({ body: 'I meant Tuesday', editedAt: Date.UTC(2026, 11, 4, 10, 5) }));
    expect(screen.getByTestId('edited-label').textContent).toBe('Edited');
    expect(screen.getByText('I meant Tuesday')).toBeTruthy();
    show(row({ id: 'm2', body: 'Bring the invoice', deletedAt: Date.UTC(2026, 11, 4, 11) }));
    expect(screen.getByTestId('deleted-label').textContent).toBe('Deleted by the sender');
  });

  it('names replies written on the phone or by Meta Business Agent, and billed messages', () => {
    show(row({ direction: 'out', status: 'sent', origin: 'business_app', body: 'On my way' }));
    expect(screen.getByTestId('message-author').textContent).toBe('Sent from the WhatsApp Business app');
    show(
      row({
        id: 'm3',
        direction: 'out',
        status: 'delivered',
        origin: 'business_agent',
        billable: true,
        pricingCategory: 'service',
      }),
    );
    expect(screen.getAllByTestId('message-author')[1]?.textContent).toBe('Meta Business Agent');
    expect(screen.getByTestId('billable-label').textContent).toBe('Billed by Meta (service)');
    show(row({ id: 'm4', origin: 'standby' }));
    expect(screen.getByTestId('agent-badge').textContent).toBe('Handled by Meta Business Agent');
  });

  it("shows Meta's error on a received message with the reply it answers", () => {
    show(
      row({
        type: 'interactive',
        body: '[interactive message: unknown error]',
        errorCode: 131000,
        errorTitle: 'Something went wrong',
        replyToWamid: 'wamid.ASKED',
      }),
    );
    expect(screen.getByTestId('inbound-error').textContent).toBe(
      'WhatsApp reported an error: #131000 · Something went wrong',
    );
    expect(screen.getByTestId('quoted-message')).toBeTruthy();
  });

  it("marks the customer's own card shared with the Request contact info button, not other cards", () => {
    const card = { name: { formatted_name: 'Sheena' }, phones: [{ phone: '+1 650 555 1212' }] };
    show(row({ type: 'contacts', payload: { contacts: [{ ...card, origin: 'contact_request' }] } }));
    expect(screen.getByTestId('contact-request-label').textContent).toMatch(/Request contact info/);
    cleanup();
    show(row({ type: 'contacts', payload: { contacts: [card] } }));
    expect(screen.queryByTestId('contact-request-label')).toBeNull();
  });

  it('says when Meta holds a template for a quality assessment or paused it', () => {
    show(
      row({ direction: 'out', status: 'sent', type: 'template', payload: { meta_message_status: 'paused' } }),
    );
    expect(screen.getByTestId('meta-message-status').textContent).toMatch(/paused this template/);
  });
});

describe('MetaStateBadges', () => {
  const badges = (
    threadControl: 'agent' | 'team' | 'other' | 'idle' | null,
    messages = [row({ id: 'b' })],
    billableCount = 0,
  ) =>
    render(
      <MantineProvider env="test">
        <MetaStateBadges messages={messages} threadControl={threadControl} billableCount={billableCount} />
      </MantineProvider>,
    );

  it("says who answers the customer and how many messages Meta billed, from the conversation's counters", () => {
    badges('agent', [row({ id: 'a', direction: 'out', origin: 'business_agent' }), row({ id: 'b' })], 7);
    expect(screen.getByTestId('thread-control').textContent).toBe('Meta Business Agent is answering');
    // The whole conversation's count, not the loaded messages'.
    expect(screen.getByTestId('billable-count').textContent).toBe('7 billed messages');
  });

  it('names the team, another app or a hand-back; nothing where Meta never routed the conversation', () => {
    badges('team');
    expect(screen.getByTestId('thread-control').textContent).toBe('Your team is answering');
    cleanup();
    badges('other');
    expect(screen.getByTestId('thread-control').textContent).toBe('Another app is answering');
    cleanup();
    badges('idle');
    expect(screen.getByTestId('thread-control').textContent).toBe('Handed back');
    cleanup();
    badges(null);
    expect(screen.queryByTestId('thread-control')).toBeNull();
  });
});

describe("MessageBubble: a message's tools mount their menus only when reached (issue 12)", () => {
  // Mantine's Menu and Popover mark their targets (aria-haspopup); plain buttons do not.
  const menuButton = () => screen.getByTestId('message-menu');
  const reactButton = () => screen.getByRole('button', { name: 'React' });

  it('draws plain buttons: no Menu or Popover is set up for a message nobody has reached', () => {
    show(row({ id: 'quiet' }));
    expect(menuButton().getAttribute('aria-haspopup')).toBeNull();
    expect(reactButton().getAttribute('aria-haspopup')).toBeNull();
    cleanup();
  });

  it('a click (a touch) on the plain button opens its menu, whose actions work', () => {
    actions.reply.mockReset();
    show(row({ id: 'clicked' }));
    fireEvent.click(menuButton());
    expect(menuButton().getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Reply' }));
    expect(actions.reply).toHaveBeenCalledWith(expect.objectContaining({ id: 'clicked' }));
    cleanup();
  });

  it('a click on the plain react button opens the quick reactions', () => {
    actions.react.mockReset();
    show(row({ id: 'reacted' }));
    fireEvent.click(reactButton());
    fireEvent.click(screen.getByRole('button', { name: 'React 👍' }));
    expect(actions.react).toHaveBeenCalledWith(expect.objectContaining({ id: 'reacted' }), '👍');
    cleanup();
  });

  it('the pointer entering the message sets its menus up without opening one', () => {
    show(row({ id: 'hovered' }));
    fireEvent.pointerEnter(screen.getByTestId('thread-message'));
    expect(menuButton().getAttribute('aria-haspopup')).toBe('menu');
    expect(screen.queryByRole('menuitem')).toBeNull();
    cleanup();
  });

  it('keyboard focus stays on the button it reached when the menus are set up', () => {
    show(row({ id: 'focused' }));
    act(() => menuButton().focus());
    expect(menuButton().getAttribute('aria-haspopup')).toBe('menu');
    expect(document.activeElement).toBe(menuButton());
    cleanup();
  });
});
