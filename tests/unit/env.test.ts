import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../server/config/env.ts';

describe('configuration', () => {
  it('has working defaults for local use', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, ZERO_PORT: 4848, LICENSE_CHATS: true, isProduction: false });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('refuses production without its secrets', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEY, ZERO_ADMIN_PASSWORD/);
    expect(() =>
      loadEnv({ NODE_ENV: 'production', ENCRYPTION_KEY: 'x'.repeat(32), ZERO_ADMIN_PASSWORD: 'y' }),
    ).not.toThrow();
  });

  it('reads the licence flag', () => {
    expect(loadEnv({ LICENSE_CHATS: 'false' }).LICENSE_CHATS).toBe(false);
  });
});
