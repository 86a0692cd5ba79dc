import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CellContext, ChatColumn } from '../../client/chats/chat-columns.ts';
import { CHAT_COLUMNS } from '../../client/chats/chat-columns.ts';
import { ChatRow } from '../../client/chats/chat-row.tsx';
import { FastScroll } from '../../client/chats/fast-scroll.ts';
import { highlightParts } from '../../client/chats/highlight-text.ts';
import type { Conversation } from '../../schema/schema.ts';
import { conversationRow } from '../support/conversation-row.ts';

const conversation = (id: string, at: number): Conversation => conversationRow(id, at);

const ctx: CellContext = {
  open: () => {},
  pressed: () => {},
  term: () => '',
  now: Date.UTC(2026, 0, 1),
  scroll: new FastScroll(),
};

function Rows({
  rows,
  columns,
  context = ctx,
}: {
  rows: Conversation[];
  columns: readonly ChatColumn[];
  context?: CellContext;
}) {
  return rows.map((row, index) => (
    <ChatRow
      key={row.id}
      index={index}
      rowKey={row.id}
      row={row}
      columns={columns}
      ctx={context}
      active={false}
      onSelect={() => {}}
      checked={false}
      onCheck={() => {}}
    />
  ));
}

describe('Chats table rows', () => {
  it('a conversation moving to the top renders only its own cells again; the others just move', () => {
    const render1 = vi.fn((cell: HTMLElement, c: Conversation) => {
      cell.textContent = c.participantName;
    });
    const columns: ChatColumn[] = [{ id: 'participant', width: 200, fill: render1 }];
    const [a, b, c] = [conversation('c1', 3), conversation('c2', 2), conversation('c3', 1)];
    const { container, rerender } = render(<Rows rows={[a, b, c]} columns={columns} />);
    expect(render1).toHaveBeenCalledTimes(3);
    render1.mockClear();

    // c3 gets a new message: Zero hands back a new object for it and the same objects for the others.
    const c2 = { ...c, lastMessageAt: 4 };
    rerender(<Rows rows={[c2, a, b]} columns={columns} />);
    expect(render1.mock.calls.map(([, row]) => row.id)).toEqual(['c3']);
    // The rows below still carry their new positions (the virtualiser and assistive technology read them).
    const positions = [...container.querySelectorAll('[role="row"]')].map((r) => [
      r.getAttribute('data-conversation-id'),
      r.getAttribute('aria-rowindex'),
      r.getAttribute('data-vrow-index'),
    ]);
    expect(positions).toEqual([
      ['c3', '2', '0'],
      ['c1', '3', '1'],
      ['c2', '4', '2'],
    ]);
  });

  it('rows handed back as equal copies (the next page of the table is another query) render nothing again', () => {
    const render1 = vi.fn((cell: HTMLElement, c: Conversation) => {
      cell.textContent = c.participantName;
    });
    const columns: ChatColumn[] = [{ id: 'participant', width: 200, fill: render1 }];
    const [a, b] = [conversation('c1', 2), conversation('c2', 1)];
    const { container, rerender } = render(<Rows rows={[a, b]} columns={columns} />);
    render1.mockClear();

    // Scrolling moves the window to another page query: the same conversations arrive as new objects.
    rerender(<Rows rows={[{ ...a }, { ...b }]} columns={columns} />);
    expect(render1).not.toHaveBeenCalled();

    // A copy that differs in any field is drawn again, with its new values.
    rerender(<Rows rows={[{ ...a }, { ...b, participantName: 'Renamed' }]} columns={columns} />);
    expect(render1.mock.calls.map(([, row]) => row.id)).toEqual(['c2']);
    expect(container.textContent).toContain('Renamed');
  });

  it('cells are plain elements: search marks, badge, lighthouse and the hover texts as data-tip', () => {
    const columns = [CHAT_COLUMNS.participant, CHAT_COLUMNS.lastMessage, CHAT_COLUMNS.conversationStatus];
    const row = conversation('c7', Date.UTC(2025, 11, 30, 9, 0));
    const { container } = render(
      <ChatRow
        index={0}
        rowKey="c7"
        row={row}
        columns={columns}
        ctx={{ ...ctx, term: (col) => (col === 'participant' ? 'customer' : '') }}
        active
        onSelect={() => {}}
        checked={false}
        onCheck={() => {}}
      />,
    );
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Customer']);
    expect(container.querySelector('[data-testid="unread-badge"]')?.textContent).toBe('1');
    expect(container.querySelector('[data-testid="lighthouse"]')?.getAttribute('data-tip')).toBe(
      'The customer is waiting for a reply',
    );
    expect(container.querySelector('[role="row"]')?.getAttribute('aria-selected')).toBe('true');
  });

  it('the last-message link has a name even when the last message has no text', () => {
    const rowWith = (preview: string) =>
      render(
        <ChatRow
          index={0}
          rowKey="c8"
          row={{ ...conversation('c8', 1), lastMessagePreview: preview }}
          columns={[CHAT_COLUMNS.lastMessage]}
          ctx={ctx}
          active={false}
          onSelect={() => {}}
          checked={false}
          onCheck={() => {}}
        />,
      ).container.querySelector('[data-testid="last-message-link"]');
    const empty = rowWith('');
    expect(empty?.textContent).toBe('');
    expect(empty?.getAttribute('aria-label')).toBe('Open the conversation with Customer c8');
    // With text, the text itself names the link.
    expect(rowWith('Where is my parcel?')?.getAttribute('aria-label')).toBeNull();
  });
});

describe('a row built as plain DOM', () => {
  const one = (over: Partial<Parameters<typeof ChatRow>[0]> = {}) => {
    const props = {
      index: 3,
      rowKey: 'c9',
      row: conversation('c9', 1),
      columns: [CHAT_COLUMNS.participant, CHAT_COLUMNS.lastMessage, CHAT_COLUMNS.lastMessageDate],
      ctx: { ...ctx, open: vi.fn() },
      active: false,
      onSelect: vi.fn(),
      checked: false,
      onCheck: vi.fn(),
      ...over,
    };
    return { props, ...render(<ChatRow {...props} />) };
  };

  it('a plain click on a link opens the conversation in the app and selects the row; a modified one is left to the browser', () => {
    const { props, getByTestId } = one();
    const link = getByTestId('last-message-link');
    expect(link.getAttribute('href')).toBe('/conversations/c9');
    expect(fireEvent.click(link)).toBe(false); // default prevented: no page load
    expect(props.ctx.open).toHaveBeenCalledWith('c9');
    expect(props.onSelect).toHaveBeenCalledWith('c9');
    vi.mocked(props.ctx.open).mockClear();
    expect(fireEvent.click(getByTestId('last-message-date-link'), { ctrlKey: true })).toBe(true);
    expect(props.ctx.open).not.toHaveBeenCalled();
    fireEvent.doubleClick(getByTestId('chat-row'));
    expect(props.ctx.open).toHaveBeenCalledWith('c9');
  });

  it('the checkbox ticks with Shift for a range, and neither selects nor opens the row', () => {
    const { props, getByTestId, rerender } = one();
    const box = getByTestId('row-checkbox') as HTMLInputElement;
    expect(box.getAttribute('aria-label')).toBe('Select the conversation with Customer c9');
    fireEvent.click(box, { shiftKey: true });
    fireEvent.doubleClick(box);
    expect(props.onCheck).toHaveBeenCalledWith('c9', 3, true);
    expect(props.onSelect).not.toHaveBeenCalled();
    expect(props.ctx.open).not.toHaveBeenCalled();
    // The box shows the table's selection.
    rerender(<ChatRow {...props} checked />);
    expect((getByTestId('row-checkbox') as HTMLInputElement).checked).toBe(true);
    rerender(<ChatRow {...props} checked={false} />);
    expect((getByTestId('row-checkbox') as HTMLInputElement).checked).toBe(false);
  });

  it('customer text stays text, marked where it matches the search', () => {
    const hostile = '<img src=x onerror="alert(1)"> <b>bold</b>';
    const { container } = one({
      row: { ...conversation('c9', 1), participantName: hostile, lastMessagePreview: hostile },
      ctx: { ...ctx, term: (col) => (col === 'lastMessage' ? 'img' : '') },
    });
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.querySelector('[data-testid="last-message-link"]')?.textContent).toBe(hostile);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['img']);
  });

  it('a row still loading shows its placeholder, then its cells once the conversation arrives', () => {
    const { props, container, rerender } = one({ row: undefined });
    expect(container.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading…');
    rerender(<ChatRow {...props} row={conversation('c9', 1)} />);
    expect(container.querySelector('[aria-busy]')).toBeNull();
    expect(container.querySelectorAll('[role="gridcell"]')).toHaveLength(4);
  });
});

describe('highlightParts', () => {
  it('cuts the text around every match, ignoring case, and treats the term literally', () => {
    expect(highlightParts('Anna ANNA anna', 'anna')).toEqual([
      { text: 'Anna', match: true },
      { text: ' ', match: false },
      { text: 'ANNA', match: true },
      { text: ' ', match: false },
      { text: 'anna', match: true },
    ]);
    expect(highlightParts('1+1=2 (a.b)', '(a.b)')).toEqual([
      { text: '1+1=2 ', match: false },
      { text: '(a.b)', match: true },
    ]);
    expect(highlightParts('no match', 'xyz')).toEqual([{ text: 'no match', match: false }]);
    expect(highlightParts('text', '  ')).toEqual([{ text: 'text', match: false }]);
  });

  it('a row reports a press with the main button (the first press of a double click), not others', () => {
    const pressed = vi.fn();
    const { getByTestId } = render(
      <Rows
        rows={[conversation('c7', 1)]}
        columns={[CHAT_COLUMNS.participant]}
        context={{ ...ctx, pressed }}
      />,
    );
    fireEvent.pointerDown(getByTestId('chat-row'), { button: 2 });
    expect(pressed).not.toHaveBeenCalled();
    fireEvent.pointerDown(getByTestId('chat-row'), { button: 0 });
    expect(pressed).toHaveBeenCalledWith('c7');
  });
});
