import { beforeEach, describe, expect, it } from 'vitest';
import {
  noteListAnswered,
  recallFirstRows,
  rememberFirstRows,
} from '../../client/chats/remembered-first-rows.ts';
import { rememberSession } from '../../client/conversation/offline-session.ts';
import { conversationRow } from '../support/conversation-row.ts';

const row = (id: string) =>
  conversationRow(id, 1_700_000_000_000, { lastMessagePreview: '<img src=x onerror=alert(1)>' });

const LIST = '{"searchColumns":[],"filter":{},"sort":"lastMessageAt","dir":"desc"}';
const KEY = 'cdesk.chats.first-rows.op-1';
const COLUMNS = ['participant', 'lastMessage', 'lastMessageAt'];

describe('the Chats table’s remembered first rows', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    rememberSession({ operator: { id: 'op-1' } });
  });

  it('recalls what was remembered for the same operator and list, values and columns unchanged', () => {
    rememberFirstRows('op-1', LIST, [row('a'), row('b')], COLUMNS);
    expect(recallFirstRows('op-1', LIST)).toEqual({ rows: [row('a'), row('b')], columns: COLUMNS });
  });

  it('recalls nothing for another list or another operator', () => {
    rememberFirstRows('op-1', LIST, [row('a')], COLUMNS);
    expect(recallFirstRows('op-1', LIST.replace('desc', 'asc'))).toBeNull();
    expect(recallFirstRows('op-2', LIST)).toBeNull();
  });

  it('forgets when the top of the list is not loaded', () => {
    rememberFirstRows('op-1', LIST, [row('a')], COLUMNS);
    rememberFirstRows('op-1', LIST, [], COLUMNS);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(recallFirstRows('op-1', LIST)).toBeNull();
  });

  it('writes nothing once the session is forgotten (sign-out, an ended session)', () => {
    localStorage.clear();
    rememberFirstRows('op-1', LIST, [row('a')], COLUMNS);
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('ignores unreadable or outdated memory instead of painting it', () => {
    sessionStorage.setItem(KEY, '{not json');
    expect(recallFirstRows('op-1', LIST)).toBeNull();
    sessionStorage.setItem(KEY, JSON.stringify({ v: 0, list: LIST, rows: [row('a')] }));
    expect(recallFirstRows('op-1', LIST)).toBeNull();
    // A row from a build whose schema had other columns, or a value of another type.
    const { billableCount: _, ...missing } = row('a');
    sessionStorage.setItem(KEY, JSON.stringify({ v: 1, list: LIST, rows: [missing] }));
    expect(recallFirstRows('op-1', LIST)).toBeNull();
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ v: 1, list: LIST, rows: [{ ...row('a'), unreadCount: '1' }] }),
    );
    expect(recallFirstRows('op-1', LIST)).toBeNull();
    sessionStorage.setItem(KEY, JSON.stringify({ v: 1, list: LIST, rows: [row('a'), null] }));
    expect(recallFirstRows('op-1', LIST)).toBeNull();
    // An optional column may be null, a required one may not.
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ v: 1, list: LIST, rows: [{ ...row('a'), participantName: null }] }),
    );
    expect(recallFirstRows('op-1', LIST)).toBeNull();
  });

  // Last in this file: the note lasts for the page (the module's lifetime).
  it('recalls nothing once a list has answered in this page (a table mounted again reads Zero)', () => {
    rememberFirstRows('op-1', LIST, [row('a')], COLUMNS);
    expect(recallFirstRows('op-1', LIST)?.rows).toHaveLength(1);
    noteListAnswered();
    expect(recallFirstRows('op-1', LIST)).toBeNull();
  });
});
