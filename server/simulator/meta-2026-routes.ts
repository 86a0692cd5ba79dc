import { Hono } from 'hono';
import { apiError } from '../http/api-error.ts';
import type { AppBindings } from '../http/app-context.ts';
import { SIMULATOR_API } from './customer-routes.ts';
import {
  AccountUpdateInput,
  accountUpdateEvent,
  CategoryUpdateInput,
  categoryUpdateEvent,
  customerEvent,
  Meta2026EventInput,
} from './meta-2026-events.ts';
import type { SimulatorEngine } from './simulator-engine.ts';
import { findCustomer } from './simulator-store.ts';

/**
 * The simulator's API for the 2026 cases (issue 15.9): POST /simulator-api/customers/:waId/events
 * (app echo, Business Agent turn, call, edit, delete, marketing stop/resume, a message by username, a
 * changed number), /simulator-api/account-update and /simulator-api/templates/category. Each is played
 * as Meta's webhook through the simulator's dispatcher (signed, batched, at least once).
 */
export function meta2026Routes(engine: SimulatorEngine) {
  const app = new Hono<AppBindings>();
  const pool = engine.deps.pool;

  async function simulatorNumber() {
    const { rows } = await pool.query<{ phone_number_id: string; display_phone_number: string }>(
      `SELECT phone_number_id, display_phone_number FROM channel WHERE mode = 'simulator' ORDER BY slot LIMIT 1`,
    );
    return rows[0] ?? null;
  }

  app.post(`${SIMULATOR_API}/customers/:waId/events`, async (c) => {
    const parsed = Meta2026EventInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return apiError(c, 400, 'invalid', parsed.error.issues[0]?.message ?? 'Invalid event.');
    const customer = await findCustomer(pool, c.req.param('waId'));
    if (!customer) return apiError(c, 404, 'not_found', 'No such customer in the simulator.');
    const number = await simulatorNumber();
    if (!number) return apiError(c, 404, 'no_channel', 'No business number in simulator mode.');
    const { event, wamid } = customerEvent(
      number.phone_number_id,
      number.display_phone_number.replace(/\D/g, ''),
      { waId: customer.waId, name: customer.profileName },
      parsed.data,
    );
    engine.dispatcher.schedule(event, 0);
    return c.json({ wamid });
  });

  app.post(`${SIMULATOR_API}/account-update`, async (c) => {
    const parsed = AccountUpdateInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return apiError(c, 400, 'invalid', 'Give an event (and a detail).');
    const number = await simulatorNumber();
    if (!number) return apiError(c, 404, 'no_channel', 'No business number in simulator mode.');
    engine.dispatcher.schedule(accountUpdateEvent(number.phone_number_id, parsed.data), 0);
    return c.json({ ok: true });
  });

  app.post(`${SIMULATOR_API}/templates/category`, async (c) => {
    const parsed = CategoryUpdateInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return apiError(c, 400, 'invalid', 'Give name, language, previous and next category.');
    const template = engine
      .templates()
      .find((t) => t.name === parsed.data.name && t.language === parsed.data.language);
    if (!template) return apiError(c, 404, 'not_found', 'No such template in the simulator.');
    const number = await simulatorNumber();
    if (!number) return apiError(c, 404, 'no_channel', 'No business number in simulator mode.');
    engine.dispatcher.schedule(
      categoryUpdateEvent(number.phone_number_id, String(template.id), parsed.data),
      0,
    );
    return c.json({ ok: true });
  });

  return app;
}
