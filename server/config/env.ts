import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_GRAPH_URL } from '../../schema/whatsapp-link.ts';

const bool = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry. */
  TRUST_PROXY: bool('false'),
  /** A session unused this long ends (the 30-day lifetime still applies); 0 turns the idle timeout off. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60)
    .default(12 * 60),
  DATA_DIR: z.string().default(path.resolve('.data')),
  DATABASE_URL: z.string().optional(),
  PG_PORT: z.coerce.number().int().default(5433),
  ZERO_PORT: z.coerce.number().int().default(4848),
  ZERO_PUBLIC_URL: z.string().optional(),
  ZERO_ADMIN_PASSWORD: z.string().optional(),
  ENCRYPTION_KEY: z.string().optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  ADMIN_NAME: z.string().default('Administrator'),
  API_TOKEN: z.string().min(20).optional(),
  LICENSE_CHATS: bool('true'),
  SEED_DEMO: z.enum(['auto', 'never', 'always']).default('auto'),
  TIME_ZONE: z.string().default('UTC'),
  FILE_STORE_DIR: z.string().optional(),
  /** MB one operator may upload per 24 hours (0: no quota). */
  UPLOAD_QUOTA_MB: z.coerce.number().int().min(0).max(10_000_000).default(2048),
  /** Uploaded files attached to no message or request after this many hours are deleted. */
  UPLOAD_ORPHAN_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
  WHATSAPP_DISPLAY_PHONE_NUMBER: z.string().optional(),
  WHATSAPP_BUSINESS_ACCOUNT_ID: z.string().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_GRAPH_URL: z.string().url().default(DEFAULT_GRAPH_URL),
  /** Hosts media download URLs may name (comma-separated, `*.` for subdomains); Meta's by default. */
  WHATSAPP_MEDIA_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ?.split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  WHATSAPP_SEND_RATE: z.coerce.number().int().min(1).max(10_000).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof EnvSchema> & { isProduction: boolean; fileStoreDir: string };

/** Parses the environment once; a bad value stops start-up with a message naming the variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction) {
    const missing = (['ENCRYPTION_KEY', 'ZERO_ADMIN_PASSWORD'] as const).filter((k) => !env[k]);
    if (missing.length > 0) {
      throw new Error(`NODE_ENV=production needs these secrets set: ${missing.join(', ')}`);
    }
  }
  return {
    ...env,
    isProduction,
    fileStoreDir: env.FILE_STORE_DIR ?? path.join(env.DATA_DIR, 'files'),
  };
}
