// A separate outbox worker process for the crash tests (the test SIGKILLs it mid-send). Started by
// tests/integration/outbound-crash.test.ts with DATABASE_URL, DATA_DIR and OUTBOX_TEST_SETTINGS (JSON).
import { loadEnv } from '../../server/config/env.ts';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import { createPool } from '../../server/db/pool.ts';
import { startOutboxWorker } from '../../server/outbound/outbox-worker.ts';

const env = loadEnv({
  NODE_ENV: 'test',
  DATABASE_URL: process.env.DATABASE_URL,
  DATA_DIR: process.env.DATA_DIR,
  LOG_LEVEL: 'warn',
});
if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');
const { jitterScale = 1, ...settings } = JSON.parse(process.env.OUTBOX_TEST_SETTINGS ?? '{}') as Record<
  string,
  number
>;
const pool = createPool(env.DATABASE_URL, 2);
const worker = await startOutboxWorker(
  {
    env,
    pool,
    secretBox: createSecretBox('test-encryption-key'),
    log: (level, msg, extra) => {
      if (level === 'error' || level === 'warn')
        process.stderr.write(`${JSON.stringify({ level, msg, ...extra })}\n`);
    },
  },
  { ...settings, random: () => Math.random() * jitterScale, crontab: '', syncTemplatesOnStart: false },
);
process.stdout.write(`READY ${worker.id}\n`);
process.on('SIGTERM', () => {
  void worker.stop().then(() => pool.end().then(() => process.exit(0)));
});
