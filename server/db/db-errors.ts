type PgError = { code?: unknown; message?: unknown };

const codeOf = (err: unknown) => {
  const c = (err as PgError | null)?.code;
  return typeof c === 'string' ? c : '';
};

/** Worth running the whole transaction again at once (a concurrent transaction won a race). */
export function isRetryableTransactionError(err: unknown): boolean {
  return ['40001', '40P01'].includes(codeOf(err));
}

const CONNECTION_MESSAGE =
  /connect|Connection terminated|not queryable|timeout exceeded|pool|ended|socket|server closed/i;

/**
 * The database is unavailable or overloaded (not the payload's fault): answer 503 so Meta retries.
 * Node network errors (ECONNREFUSED…), pg's own connection errors (no SQLSTATE), connection-class
 * SQLSTATEs, shutdowns, too many connections, lock timeouts, and exhausted retries of conflicts.
 * Anything else (a data error, a bug) is not transient.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  const c = codeOf(err);
  if (/^E[A-Z]+$/.test(c)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT …
  if (c === '') {
    const message = (err as PgError | null)?.message;
    return (
      err instanceof Error &&
      !(err instanceof TypeError) &&
      !(err instanceof RangeError) &&
      typeof message === 'string' &&
      CONNECTION_MESSAGE.test(message)
    );
  }
  return (
    c.startsWith('08') ||
    c.startsWith('53') ||
    c.startsWith('57') ||
    c.startsWith('58') ||
    ['40001', '40P01', '55P03', '55006'].includes(c)
  );
}
