import { describe, expect, it } from 'vitest';
import {
  applyConversationList,
  type ConversationListArgs,
  conversationCursor,
} from '../../schema/conversation-filter.ts';
import { zql } from '../../schema/schema.ts';

type Cond = {
  type: string;
  left?: { name: string };
  op?: string;
  right?: { value: unknown };
  conditions?: Cond[];
};
type Ast = {
  where?: Cond;
  orderBy: [string, string][];
  start?: { row: Record<string, unknown>; exclusive: boolean };
  limit: number;
};
const ast = (args: ConversationListArgs) =>
  (applyConversationList(zql.conversation, args) as unknown as { ast: Ast }).ast;
const flat = (c: Cond | undefined): Cond[] => (!c ? [] : c.type === 'and' ? (c.conditions ?? []) : [c]);
const simple = (c: Cond) => [c.left?.name, c.op, c.right?.value];

describe('applyConversationList (the Chats table query, shared by browser and server)', () => {
  it('turns every filter into one condition on an indexed column', () => {
    const a = ast({
      filter: {
        statuses: ['failed', 'read'],
        awaitingReply: true,
        unreadOnly: true,
        operatorIds: ['op-olga'],
        channelIds: ['ch-1'],
        direction: 'in',
        lastMessageFrom: 1000,
        lastMessageTo: 2000,
        createdFrom: 10,
        createdTo: 20,
      },
    });
    expect(flat(a.where).map(simple)).toEqual([
      ['lastMessageStatus', 'IN', ['failed', 'read']],
      ['awaitingReply', '=', true],
      ['unreadCount', '>', 0],
      ['lastOperatorId', 'IN', ['op-olga']],
      ['channelId', 'IN', ['ch-1']],
      ['lastMessageDirection', '=', 'in'],
      ['lastMessageAt', '>=', 1000],
      ['lastMessageAt', '<=', 2000],
      ['createdAt', '>=', 10],
      ['createdAt', '<=', 20],
    ]);
  });

  it('searches only the chosen columns, case-insensitively, with LIKE wildcards escaped', () => {
    const a = ast({ search: ' 50%_off ', searchColumns: ['lastMessage', 'operator'] });
    const or = flat(a.where)[0];
    expect(or?.type).toBe('or');
    expect(or?.conditions?.map(simple)).toEqual([
      ['lastMessagePreview', 'ILIKE', '%50\\%\\_off%'],
      ['lastOperatorName', 'ILIKE', '%50\\%\\_off%'],
    ]);
  });

  it('matches the conversation number exactly when the term is a number', () => {
    const a = ast({ search: '42', searchColumns: ['number', 'participant'] });
    expect(flat(a.where)[0]?.conditions?.map(simple)).toEqual([
      ['number', '=', 42],
      ['participantName', 'ILIKE', '%42%'],
      ['participantPhone', 'ILIKE', '%42%'],
    ]);
  });

  it('finds nothing when only the number column is searched for a word', () => {
    const a = ast({ search: 'jana', searchColumns: ['number'] });
    expect(flat(a.where).map(simple)).toEqual([['id', 'IS', null]]);
  });

  it('searches every searchable column when none is chosen', () => {
    const a = ast({ search: 'x' });
    expect(flat(a.where)[0]?.conditions?.map((c) => c.left?.name)).toEqual([
      'participantName',
      'participantPhone',
      'businessNumber',
      'lastMessagePreview',
      'lastOperatorName',
    ]);
  });

  it('sorts by the column with id as tie-breaker, and pages forward after a cursor', () => {
    const a = ast({ sort: 'participantName', dir: 'asc', start: { id: 'c1', value: 'Bob' }, limit: 60 });
    expect(a.orderBy).toEqual([
      ['participantName', 'asc'],
      ['id', 'asc'],
    ]);
    expect(a.start).toEqual({ row: { id: 'c1', participantName: 'Bob' }, exclusive: true });
    expect(a.limit).toBe(60);
  });

  it('reads a backward page in reverse order from the cursor (scrolling up)', () => {
    const a = ast({ sort: 'lastMessageAt', dir: 'desc', page: 'backward', start: { id: 'c9', value: 123 } });
    expect(a.orderBy).toEqual([
      ['lastMessageAt', 'asc'],
      ['id', 'asc'],
    ]);
    expect(a.start?.row).toEqual({ id: 'c9', lastMessageAt: 123 });
  });

  it('defaults to newest first and refuses unbounded pages', () => {
    expect(ast({}).orderBy).toEqual([
      ['lastMessageAt', 'desc'],
      ['id', 'desc'],
    ]);
    expect(() => ast({ limit: 100_000 })).toThrow();
    expect(() => ast({ sort: 'body' as never })).toThrow();
  });

  it('builds the cursor from a row and the sort column, null for a missing value', () => {
    expect(conversationCursor({ id: 'c1', lastOperatorName: null }, 'lastOperatorName')).toEqual({
      id: 'c1',
      value: null,
    });
    expect(conversationCursor({ id: 'c2', number: 7 }, 'number')).toEqual({ id: 'c2', value: 7 });
  });
});
