import type { SessionOperator } from '../auth/session-store.ts';
import type { Env } from '../config/env.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Pool } from '../db/pool.ts';

/** What every route needs, built once in main.ts and passed explicitly (no module-level singletons). */
export type AppDeps = {
  env: Env;
  pool: Pool;
  secretBox: SecretBox;
  zeroUrl: string;
  log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
};

export type AppBindings = { Variables: { operator: SessionOperator | null } };
