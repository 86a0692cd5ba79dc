import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../server/db/start-embedded-postgres.ts';
import { findFreePort } from '../../server/runtime/port-check.ts';

// Issue 14: the embedded Postgres was postgres/postgres on 127.0.0.1 (a session row inserted there signed
// in as admin) and the data directory was world-readable.
const dir = mkdtempSync(path.join(tmpdir(), 'cdesk-localdata-'));
const secretsFile = path.join(dir, 'local-secrets.json');
let db: EmbeddedDatabase | null = null;
afterAll(async () => {
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string) => statSync(p).mode & 0o777;
async function signIn(port: number, password: string): Promise<'ok' | string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'cdesk' });
  try {
    await client.connect();
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await client.end().catch(() => {});
  }
}
/** Owner only; as root, the "postgres" OS user that runs the cluster may also traverse (not list) it. */
const expectOwnerOnlyDir = (p: string) => expect(mode(p)).toBe(process.getuid?.() === 0 ? 0o710 : 0o700);

describe('the embedded Postgres and its data directory', () => {
  let port = 0;

  it('gets a random superuser password kept in the data dir, owner-only; postgres/postgres is refused', async () => {
    port = await findFreePort();
    db = await startEmbeddedPostgres({ dataDir: dir, port });
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
    expect(secrets.postgresPassword).toMatch(/^[\w-]{32}$/);
    expect(new URL(db.url).password).toBe(secrets.postgresPassword);
    expect(await signIn(port, secrets.postgresPassword)).toBe('ok');
    expect(await signIn(port, 'postgres')).toBe('28P01');
    expect(mode(secretsFile)).toBe(0o600);
    expectOwnerOnlyDir(dir);
    expect(mode(path.join(dir, 'pg'))).toBe(0o700);
  });

  it('moves a cluster made by an older version (postgres/postgres, open modes) to the kept password', async () => {
    // What an earlier install left: the default password, no postgresPassword, world-readable files.
    const admin = new pg.Client(db?.url);
    await admin.connect();
    await admin.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
    await admin.end();
    await db?.stop();
    db = null;
    const { postgresPassword: _, ...older } = JSON.parse(readFileSync(secretsFile, 'utf8'));
    writeFileSync(secretsFile, JSON.stringify(older));
    chmodSync(secretsFile, 0o644);
    chmodSync(dir, 0o755);

    db = await startEmbeddedPostgres({ dataDir: dir, port });
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
    expect(secrets).toMatchObject(older);
    expect(await signIn(port, secrets.postgresPassword)).toBe('ok');
    expect(await signIn(port, 'postgres')).toBe('28P01');
    expect(mode(secretsFile)).toBe(0o600);
    expectOwnerOnlyDir(dir);
  });
});
