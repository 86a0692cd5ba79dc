import { hashPassword } from '../auth/password.ts';
import { recountChannelStats } from '../conversations/recount-channel-stats.ts';
import { type Pool, withTransaction } from '../db/pool.ts';

export const DEMO_PASSWORD = 'cdesk-demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.cdesk.local';
export const DEMO_SIMULATOR_PHONE_NUMBER_ID = '100000000000001';

const operators = [
  { id: 'op-admin', name: 'Ada Admin', email: DEMO_ADMIN_EMAIL, role: 'admin' },
  { id: 'op-olga', name: 'Olga Operator', email: 'olga@demo.cdesk.local', role: 'operator' },
  { id: 'op-rita', name: 'Rita Readonly', email: 'rita@demo.cdesk.local', role: 'readonly' },
] as const;

const customers = [
  { waId: '420777100200', name: 'Jana Novakova', text: 'Hello, my order SKB-42 has not arrived yet.' },
  { waId: '16505551234', name: 'Sheena Nelson', text: 'Can I change the delivery address?' },
  { waId: '447700900123', name: 'Tom Baker', text: 'Thanks, the invoice is fine now 👍' },
  { waId: '4915112345678', name: 'Lukas Weber', text: 'Is the branch in Brno open on Saturday?' },
] as const;

/**
 * A clearly labelled demo workspace for a first look: only when the database has no operators and
 * never in production. Returns false when it did nothing.
 */
export async function seedDemoWorkspace(pool: Pool): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM operator LIMIT 1');
  if (rowCount) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  await withTransaction(pool, async (db) => {
    for (const op of operators) {
      await db.query('INSERT INTO operator (id, name, email, role) VALUES ($1, $2, $3, $4)', [
        op.id,
        op.name,
        op.email,
        op.role,
      ]);
      await db.query('INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ($1, $2)', [
        op.id,
        hash,
      ]);
    }
    await db.query(
      `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, health)
       VALUES ('ch-demo', 1, '+1 555 010 0100', $1, '200000000000001', 'simulator', 'simulator', 'ok')`,
      [DEMO_SIMULATOR_PHONE_NUMBER_ID],
    );
    await db.query(`INSERT INTO channel_stats (channel_id) VALUES ('ch-demo')`);
    await db.query(
      `INSERT INTO company (id, name) VALUES ('co-acme', 'ACME s.r.o.'), ('co-globex', 'Globex Ltd'), ('co-initech', 'Initech')`,
    );
    await db.query(
      `INSERT INTO request_template (id, name, default_status) VALUES
       ('rt-support', 'Support request', 'new'), ('rt-complaint', 'Complaint', 'open'), ('rt-order', 'Order question', 'new')`,
    );
    await db.query(
      `INSERT INTO tag (id, name, color) VALUES ('tag-urgent', 'urgent', 'red'), ('tag-delivery', 'delivery', 'blue'),
       ('tag-billing', 'billing', 'grape'), ('tag-vip', 'VIP', 'yellow')`,
    );
    const now = Date.now();
    for (const [i, c] of customers.entries()) {
      const contactId = `ct-demo-${i + 1}`;
      const conversationId = `cv-demo-${i + 1}`;
      const at = new Date(now - (i + 1) * 47 * 60_000 - i * 3 * 3600_000);
      const answered = i === 2;
      await db.query('INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)', [
        contactId,
        c.waId,
        c.name,
        `+${c.waId}`,
      ]);
      await db.query(
        `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
           last_message_id, last_message_preview, last_message_at, last_message_direction, last_message_status,
           unread_count, awaiting_reply, awaiting_since, customer_last_message_at, created_at,
           last_operator_id, last_operator_name)
         VALUES ($1, 'ch-demo', $2, '+1 555 010 0100', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          conversationId,
          contactId,
          c.name,
          `+${c.waId}`,
          answered ? `msg-demo-${i + 1}-out` : `msg-demo-${i + 1}-in`,
          answered ? 'You are welcome, have a nice day!' : c.text,
          at,
          answered ? 'out' : 'in',
          answered ? 'read' : 'received',
          answered ? 0 : 1,
          !answered,
          answered ? null : at,
          at,
          new Date(at.getTime() - 3600_000),
          answered ? 'op-olga' : null,
          answered ? 'Olga Operator' : null,
        ],
      );
      await db.query(
        `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
         VALUES ($1, $2, $3, 'in', 'text', $4, 'received', $5, $5)`,
        [`msg-demo-${i + 1}-in`, conversationId, `wamid.DEMO${i + 1}IN`, c.text, at],
      );
      if (answered) {
        await db.query(
          `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, operator_id, created_at, received_at,
             sent_at, delivered_at, read_at)
           VALUES ($1, $2, $3, 'out', 'text', 'You are welcome, have a nice day!', 'read', 'op-olga', $4, $4, $4, $4, $4)`,
          [`msg-demo-${i + 1}-out`, conversationId, `wamid.DEMO${i + 1}OUT`, new Date(at.getTime() + 60_000)],
        );
      }
    }
    await recountChannelStats(db);
    await db.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status, parameter_format, components) VALUES
       ('tpl-order-update', '200000000000001', 'order_update', 'en_US', 'UTILITY', 'APPROVED', 'POSITIONAL', $1),
       ('tpl-hello', '200000000000001', 'hello_again', 'en_US', 'MARKETING', 'APPROVED', 'NAMED', $2)`,
      [
        JSON.stringify([
          {
            type: 'BODY',
            text: 'Hello {{1}}, your order {{2}} is on its way.',
            example: { body_text: [['Jessica', 'SKB-42']] },
          },
          { type: 'FOOTER', text: 'CDESK demo' },
        ]),
        JSON.stringify([
          {
            type: 'BODY',
            text: 'Hi {{first_name}}, we are following up on your request. Reply to continue.',
            example: { body_text_named_params: [{ param_name: 'first_name', example: 'Jessica' }] },
          },
        ]),
      ],
    );
  });
  return true;
}
