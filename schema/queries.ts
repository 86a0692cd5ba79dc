import { defineQueries, defineQuery } from '@rocicorp/zero';
import { z } from './zod.ts';
import './context.ts';
import type { ZeroContext } from './context.ts';
import { applyConversationList, ConversationListArgs } from './conversation-filter.ts';
import { zql } from './schema.ts';

const id = z.string().check(z.minLength(1), z.maxLength(64));

// Permissions live here, on the server side of every synced query (and the REST API reuses these):
// rows an operator may not see never reach the browser, whatever a modified client asks for.

/** Conversations this operator may see: the module must be on and the channel within their scope. */
export function visibleConversations(ctx: ZeroContext) {
  let q = zql.conversation;
  if (!ctx.chatsEnabled) return q.where('id', 'IS', null);
  if (ctx.channelScope) q = q.where('channelId', 'IN', ctx.channelScope);
  return q;
}

export function visibleMessages(ctx: ZeroContext) {
  if (!ctx.chatsEnabled) return zql.message.where('id', 'IS', null);
  const scope = ctx.channelScope;
  return scope
    ? zql.message.whereExists('conversation', (c) => c.where('channelId', 'IN', scope))
    : zql.message;
}

export function visibleRequests(ctx: ZeroContext) {
  if (!ctx.chatsEnabled) return zql.request.where('id', 'IS', null);
  return inRequestScope(zql.request, ctx.channelScope);
}

type RequestQuery = typeof zql.request;

/** Requests not born in a chat are shared; chat-born ones follow the channel scope. */
function inRequestScope(q: RequestQuery, scope: string[] | null): RequestQuery {
  if (!scope) return q;
  return q.where(({ or, cmp, exists }) =>
    or(
      cmp('originConversationId', 'IS', null),
      exists('originConversation', (c) => c.where('channelId', 'IN', scope)),
    ),
  );
}

const isAdmin = (ctx: ZeroContext) => ctx.role === 'admin';

/** How many of the newest customer-last conversations the alerts watch (client/alerts/). */
export const LATEST_INBOUND_WINDOW = 20;

/** Chats data with the module switched off: nothing, except for admins who manage it in Global Settings. */
const moduleClosed = (ctx: ZeroContext) => !ctx.chatsEnabled && !isAdmin(ctx);

export const queries = defineQueries({
  settings: {
    get: defineQuery(() => zql.settings.where('id', 'global').one()),
  },
  operators: {
    me: defineQuery(({ ctx }) => zql.operator.where('id', ctx.userID).one()),
    list: defineQuery(({ ctx }) => {
      const q = zql.operator.orderBy('name', 'asc').orderBy('id', 'asc');
      return moduleClosed(ctx) ? q.where('id', 'IS', null) : q;
    }),
  },
  channels: {
    list: defineQuery(({ ctx }) => {
      const q = zql.channel.orderBy('slot', 'asc');
      if (moduleClosed(ctx)) return q.where('id', 'IS', null);
      return ctx.channelScope ? q.where('id', 'IN', ctx.channelScope) : q;
    }),
  },
  conversations: {
    list: defineQuery(ConversationListArgs, ({ args, ctx }) =>
      applyConversationList(visibleConversations(ctx), args),
    ),
    /**
     * One conversation (no relations): the Chats table's single-row lookup and the open thread's header,
     * one query for both. Every relation a synced query holds is a join each conversation change is
     * pushed through, for every operator (zero-cache's cost per message × client).
     */
    row: defineQuery(z.object({ id }), ({ args, ctx }) =>
      visibleConversations(ctx).where('id', args.id).one(),
    ),
    /** Where a merged conversation went (schema/conversation-merge.ts): its links land on the kept one. */
    mergedInto: defineQuery(z.object({ id }), ({ args, ctx }) => {
      const q = zql.conversationMerge.where('sourceId', args.id);
      const scope = ctx.channelScope;
      if (!ctx.chatsEnabled) return q.where('sourceId', 'IS', null).one();
      return (scope ? q.whereExists('target', (c) => c.where('channelId', 'IN', scope)) : q).one();
    }),
    byIds: defineQuery(z.object({ ids: z.array(id).check(z.maxLength(50)) }), ({ args, ctx }) =>
      visibleConversations(ctx).where('id', 'IN', args.ids),
    ),
    /** The newest conversations whose last message is the customer's: what new-message alerts watch. */
    latestInbound: defineQuery(({ ctx }) =>
      visibleConversations(ctx)
        .where('lastMessageDirection', 'in')
        .orderBy('lastMessageAt', 'desc')
        .orderBy('id', 'desc')
        .limit(LATEST_INBOUND_WINDOW),
    ),
    longestWaiting: defineQuery(({ ctx }) =>
      visibleConversations(ctx)
        .where('awaitingReply', true)
        .where('awaitingSince', 'IS NOT', null)
        .orderBy('awaitingSince', 'asc')
        .orderBy('id', 'asc')
        .one(),
    ),
  },
  messages: {
    byConversation: defineQuery(
      z.object({
        conversationId: id,
        limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(20_000)), 100),
      }),
      ({ args, ctx }) =>
        visibleMessages(ctx)
          .where('conversationId', args.conversationId)
          .related('attachment')
          .related('reactions')
          .related('operator')
          .related('replyTo', (r) => r.related('attachment'))
          .orderBy('createdAt', 'desc')
          .orderBy('arrival', 'desc')
          .orderBy('id', 'desc')
          .limit(args.limit),
    ),
  },
  events: {
    /** A thread's system events (assignment, lifecycle), newest first, as the messages query. */
    byConversation: defineQuery(
      z.object({
        conversationId: id,
        limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 200),
      }),
      ({ args, ctx }) => {
        let q = zql.conversationEvent
          .where('conversationId', args.conversationId)
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(args.limit);
        // The join only when there is a scope to check: unscoped, it would be one more pipeline every
        // conversation change goes through, for nothing (an event always has its conversation).
        const scope = ctx.channelScope;
        if (scope) q = q.whereExists('conversation', (c) => c.where('channelId', 'IN', scope));
        return ctx.chatsEnabled ? q : q.where('id', 'IS', null);
      },
    ),
  },
  stats: {
    channels: defineQuery(({ ctx }) => {
      const q = zql.channelStats;
      if (!ctx.chatsEnabled) return q.where('channelId', 'IS', null);
      return ctx.channelScope ? q.where('channelId', 'IN', ctx.channelScope) : q;
    }),
    /** Today's (or `day`'s) counters of the business numbers the operator may see. */
    channelDays: defineQuery(
      z.object({ day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
      ({ args, ctx }) => {
        const q = zql.channelDayStats.where('day', args.day);
        if (!ctx.chatsEnabled) return q.where('channelId', 'IS', null);
        return ctx.channelScope ? q.where('channelId', 'IN', ctx.channelScope) : q;
      },
    ),
    myDay: defineQuery(z.object({ day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }), ({ args, ctx }) =>
      zql.operatorDayStats
        .where('operatorId', ctx.chatsEnabled ? ctx.userID : '')
        .where('day', args.day)
        .one(),
    ),
  },
  templates: {
    list: defineQuery(({ ctx }) => {
      const q = zql.whatsappTemplate.orderBy('name', 'asc').orderBy('language', 'asc');
      return ctx.chatsEnabled ? q : q.where('id', 'IS', null);
    }),
  },
  requests: {
    byConversation: defineQuery(z.object({ conversationId: id }), ({ args, ctx }) =>
      visibleRequests(ctx)
        .where('originConversationId', args.conversationId)
        .related('tags')
        .orderBy('createdAt', 'desc'),
    ),
    byId: defineQuery(z.object({ id }), ({ args, ctx }) =>
      visibleRequests(ctx)
        .where('id', args.id)
        .related('tags')
        .related('company')
        .related('contact')
        .related('attachments')
        .related('posts', (p) => p.related('author').orderBy('createdAt', 'asc'))
        .one(),
    ),
    /**
     * "Add to request": the newest requests (of one customer when `contactId` is given), searchable by
     * code or name, each with its customer so the picker can say whose it is.
     */
    recent: defineQuery(
      z.object({ search: z.optional(z.string().check(z.maxLength(100))), contactId: z.optional(id) }),
      ({ args, ctx }) => {
        let q = visibleRequests(ctx).related('contact').orderBy('createdAt', 'desc').limit(50);
        if (args.contactId) q = q.where('contactId', args.contactId);
        const term = args.search?.trim();
        if (term) {
          const like = `%${term.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
          q = q.where(({ or, cmp }) => or(cmp('code', 'ILIKE', like), cmp('name', 'ILIKE', like)));
        }
        return q;
      },
    ),
  },
  catalog: {
    companies: defineQuery(() => zql.company.orderBy('name', 'asc')),
    requestTemplates: defineQuery(() => zql.requestTemplate.orderBy('name', 'asc')),
    tags: defineQuery(() => zql.tag.orderBy('name', 'asc')),
  },
  filters: {
    mine: defineQuery(({ ctx }) => {
      const q = zql.savedFilter
        .where(({ or, cmp }) => or(cmp('operatorId', ctx.userID), cmp('shared', true)))
        .orderBy('name', 'asc');
      return ctx.chatsEnabled ? q : q.where('id', 'IS', null);
    }),
  },
  cannedResponses: {
    /** The operator's own canned responses and the team's shared ones. */
    mine: defineQuery(({ ctx }) => {
      const q = zql.cannedResponse
        .where(({ or, cmp }) => or(cmp('ownerId', ctx.userID), cmp('ownerId', 'IS', null)))
        .orderBy('shortcut', 'asc')
        .orderBy('id', 'asc');
      return ctx.chatsEnabled ? q : q.where('id', 'IS', null);
    }),
  },
  customers: {
    /**
     * A customer as the conversation's profile pane shows them: their conversations on every business
     * number this operator may see (newest first) and their requests. Only customers of such a conversation.
     */
    profile: defineQuery(z.object({ contactId: id }), ({ args, ctx }) => {
      const scope = ctx.channelScope;
      const inScope = <Q extends typeof zql.conversation>(c: Q) =>
        scope ? c.where('channelId', 'IN', scope) : c;
      const q = zql.contact
        .where('id', args.contactId)
        .related('conversations', (c) =>
          inScope(c).orderBy('lastMessageAt', 'desc').orderBy('id', 'desc').limit(50),
        )
        .related('requests', (r) => inRequestScope(r, scope).orderBy('createdAt', 'desc').limit(50));
      return (
        ctx.chatsEnabled ? q.whereExists('conversations', (c) => inScope(c)) : q.where('id', 'IS', null)
      ).one();
    }),
  },
  viewers: {
    /** Operators with this conversation open (names only, which every operator may see anyway). */
    byConversation: defineQuery(z.object({ conversationId: id }), ({ args, ctx }) => {
      const q = zql.conversationViewer.where('conversationId', args.conversationId);
      return ctx.chatsEnabled ? q : q.where('operatorId', 'IS', null);
    }),
  },
  mentions: {
    /** Internal notes that name this operator and that they have not opened yet, newest first. */
    mine: defineQuery(({ ctx }) => {
      let q = zql.noteMention
        .where('operatorId', ctx.userID)
        .where('seenAt', 'IS', null)
        // Only the message: the alert needs its text; the conversation's row would be a join every
        // conversation change is pushed through.
        .related('message')
        .orderBy('createdAt', 'desc')
        .limit(20);
      // As for events: the conversation join only when a scope is to be checked.
      const scope = ctx.channelScope;
      if (scope) q = q.whereExists('conversation', (c) => c.where('channelId', 'IN', scope));
      return ctx.chatsEnabled ? q : q.where('messageId', 'IS', null);
    }),
  },
  drafts: {
    /** What this operator typed in a conversation and has not sent. */
    forConversation: defineQuery(z.object({ conversationId: id }), ({ args, ctx }) =>
      zql.conversationDraft
        .where('operatorId', ctx.userID)
        .where('conversationId', args.conversationId)
        .one(),
    ),
  },
  preferences: {
    mine: defineQuery(({ ctx }) => zql.operatorPreference.where('operatorId', ctx.userID).one()),
  },
  audit: {
    recent: defineQuery(({ ctx }) =>
      isAdmin(ctx) ? zql.auditLog.orderBy('at', 'desc').limit(200) : zql.auditLog.where('id', 'IS', null),
    ),
    /** The audit viewer: newest first, optionally one family of actions ('operator.', 'settings.' …). */
    list: defineQuery(
      z.object({
        actionPrefix: z.optional(z.string().check(z.maxLength(40), z.regex(/^[a-z_.]*$/))),
        limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 200),
      }),
      ({ args, ctx }) => {
        let q = zql.auditLog.orderBy('at', 'desc').orderBy('id', 'desc').limit(args.limit);
        if (!isAdmin(ctx)) return q.where('id', 'IS', null);
        if (args.actionPrefix) q = q.where('action', 'LIKE', `${args.actionPrefix.replace(/_/g, '\\_')}%`);
        return q;
      },
    ),
  },
});
