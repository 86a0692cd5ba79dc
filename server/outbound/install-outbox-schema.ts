import { Logger, runMigrations } from 'graphile-worker';

/**
 * Installs or upgrades graphile-worker's schema (graphile_worker). Must run before the first send: the
 * mutators add jobs with graphile_worker.add_job inside their transactions. Safe with concurrent processes.
 */
export async function installOutboxSchema(databaseUrl: string, log: (msg: string) => void = () => {}) {
  await runMigrations({
    connectionString: databaseUrl,
    logger: new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') log(`[graphile-worker] ${message}`);
    }),
  });
}
