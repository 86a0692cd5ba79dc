import { mutationError } from '../../schema/mutators/mutation-error.ts';
import type { z } from '../../schema/zod.ts';

/** zod at the boundary for callers other than Zero (which validates mutator args itself). */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw mutationError('invalid', `${where}${issue?.message ?? 'Invalid input.'}`);
  }
  return parsed.data;
}
