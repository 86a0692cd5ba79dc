import type { Pool } from '../../server/db/pool.ts';
import { seedDemoWorkspace } from '../../server/seed/demo-workspace.ts';

/**
 * The demo workspace (channel ch-demo, four conversations; Ada admin, Olga operator, Rita read-only)
 * plus a second business number ch-two with one conversation, a message and a request on each
 * channel, and Sam, an operator who sees only ch-two.
 */
export async function seedTwoChannels(pool: Pool) {
  await seedDemoWorkspace(pool);
  await pool.query(`
    INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, mode, health)
      VALUES ('ch-two', 2, '+1 555 020 0200', '100000000000002', '200000000000001', 'simulator', 'ok');
    INSERT INTO channel_stats (channel_id, waiting_count, unread_count) VALUES ('ch-two', 1, 1);
    INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ('ct-two', '420600111222', 'Petra Two', '+420600111222');
    INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
        last_message_id, last_message_preview, last_message_at, last_message_direction, last_message_status,
        unread_count, awaiting_reply, awaiting_since, customer_last_message_at)
      VALUES ('cv-two', 'ch-two', 'ct-two', '+1 555 020 0200', 'Petra Two', '+420600111222', 'msg-two-in',
        'Second number question', now(), 'in', 'received', 1, true, now(), now());
    INSERT INTO message (id, conversation_id, wamid, direction, type, body, status)
      VALUES ('msg-two-in', 'cv-two', 'wamid.TWO', 'in', 'text', 'Second number question', 'received');
    INSERT INTO request (id, code, name, origin_conversation_id, origin_message_id)
      VALUES ('rq-demo', 'REQ-900001', 'Demo channel request', 'cv-demo-1', 'msg-demo-1-in'),
             ('rq-two', 'REQ-900002', 'Second channel request', 'cv-two', 'msg-two-in'),
             ('rq-free', 'REQ-900003', 'Request outside chats', NULL, NULL);
    INSERT INTO operator (id, name, email, role, channel_scope)
      VALUES ('op-sam', 'Sam Scoped', 'sam@demo.cdesk.local', 'operator', '["ch-two"]');
    INSERT INTO saved_filter (id, operator_id, name, shared, filter)
      VALUES ('sf-shared', 'op-olga', 'Waiting', true, '{"filter":{"awaitingReply":true}}');
  `);
}

export const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.id as string).sort();
