import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { Context } from 'hono';
import { apiError } from '../http/api-error.ts';

// zxcvbn-ts (the maintained TypeScript zxcvbn) with its common dictionary: leaked-password lists,
// keyboard walks, repeats and sequences. Server-side only: its dictionaries would weigh on the bundle.
const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/**
 * zxcvbn's score 3: "safely unguessable" (about 10^8 guesses or more). Length alone (PASSWORD_MIN) lets
 * `1111111111` or `password123` through; these score 0.
 */
const MIN_SCORE = 3;

export const WEAK_PASSWORD_MESSAGE =
  'This password is too common or too easy to guess. Use a few unrelated words or more varied characters.';

/** Whether a password someone chooses is hard enough to guess; the operator's name and email count against it. */
export async function isGuessablePassword(password: string, personal: string[] = []): Promise<boolean> {
  const words = personal
    .flatMap((p) => [p.toLowerCase(), ...p.toLowerCase().split(/[^\p{L}\p{N}]+/u)])
    .filter((w) => w.length >= 3);
  const result = await zxcvbn.checkAsync(password, words);
  return result.score < MIN_SCORE;
}

/** The answer to a guessable password, as a field error the forms show under the password. */
export const weakPassword = (c: Context) =>
  apiError(c, 400, 'weak_password', WEAK_PASSWORD_MESSAGE, { fields: { password: WEAK_PASSWORD_MESSAGE } });
