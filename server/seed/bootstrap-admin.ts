import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/password.ts';
import { isGuessablePassword, WEAK_PASSWORD_MESSAGE } from '../auth/password-strength.ts';
import type { Pool } from '../db/pool.ts';

/**
 * Creates the admin named by ADMIN_EMAIL/ADMIN_PASSWORD if no operator has that email yet. The password
 * must pass the same strength rule as one an operator chooses (zxcvbn, the name and email counting against
 * it): a guessable one stops the start with an error rather than creating an admin anyone could guess.
 */
export async function bootstrapAdmin(
  pool: Pool,
  email: string,
  password: string,
  name: string,
): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM operator WHERE lower(email) = lower($1)', [email]);
  if (rowCount) return false;
  if (await isGuessablePassword(password, [email, name]))
    throw new Error(`ADMIN_PASSWORD: ${WEAK_PASSWORD_MESSAGE} The admin ${email} was not created.`);
  const id = randomUUID();
  const hash = await hashPassword(password);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO operator (id, name, email, role) VALUES ($1, $2, $3, 'admin')`, [
      id,
      name,
      email,
    ]);
    await client.query(
      'INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ($1, $2)',
      [id, hash],
    );
    await recordAudit(client, {
      actorId: null,
      action: 'operator.bootstrap',
      target: `operator:${id}`,
      details: { email },
    });
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
