// One-shot job before the API processes start (Kubernetes Job / compose service): migrations (under an
// advisory lock), the outbox's job queue schema, the first admin and API token from the environment,
// WhatsApp channels from WHATSAPP_*. scripts/start.ts does the same for a single machine.
import { loadEnv } from '../server/config/env.ts';
import { prepareDatabase } from '../server/runtime/prepare-database.ts';

const env = loadEnv();
if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');
const result = await prepareDatabase(env, env.DATABASE_URL, (line) => process.stdout.write(`${line}\n`));
process.stdout.write(`Database ready (applied: ${result.migrations.join(', ') || 'nothing new'}).\n`);
