// What a Graph API failure means for the sender: retry soon, retry later for this recipient only,
// stop the whole channel, or give up on this message. Used by the client and by the outbox, and for
// the errors[] of a `failed` status webhook (same codes, no HTTP status).

export type GraphErrorClassification =
  | 'transient'
  | 'recipient_rate_limited'
  | 'channel_broken'
  | 'permanent';

export type GraphErrorFacts = {
  /** HTTP status, or null/undefined when no response arrived (or for webhook errors). */
  httpStatus?: number | null;
  /** Meta's `error.code`. */
  code?: number | null;
  /** Meta's `error.is_transient` flag, trusted only for codes we do not know. */
  isTransient?: boolean;
  timedOut?: boolean;
  networkError?: boolean;
};

// Throttling, temporary unavailability, maintenance: retry with backoff.
const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  1, 2, 4, 80007, 130429, 131000, 131016, 131057, 133004,
]);
// Token expired or revoked, number deregistered, account locked: nothing on this channel will work.
const CHANNEL_BROKEN_CODES: ReadonlySet<number> = new Set([190, 133010, 131031]);
// Retrying the same request cannot succeed (window closed, template problems, bad parameters, spam limit).
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  100, 131026, 131047, 131048, 131051, 131053, 132000, 132001, 132005, 132007, 132012, 132015, 132016,
]);
const RECIPIENT_RATE_LIMITED_CODE = 131056;
// Spam rate limit: permanent for the message, but an admin should look at the number's quality.
const ADMIN_ALERT_CODES: ReadonlySet<number> = new Set([131048]);

export function classifyGraphError(facts: GraphErrorFacts): GraphErrorClassification {
  const { httpStatus, code } = facts;
  if (httpStatus === 401 || (code != null && CHANNEL_BROKEN_CODES.has(code))) return 'channel_broken';
  if (code === RECIPIENT_RATE_LIMITED_CODE) return 'recipient_rate_limited';
  if (code != null && TRANSIENT_CODES.has(code)) return 'transient';
  if (code != null && PERMANENT_CODES.has(code)) return 'permanent';
  if (facts.timedOut || facts.networkError) return 'transient';
  if (httpStatus != null && (httpStatus >= 500 || httpStatus === 429)) return 'transient';
  if (facts.isTransient) return 'transient';
  // Any other 4xx, an unreadable 2xx (the message may have gone out: never resend blindly), or an
  // unknown webhook error code.
  return 'permanent';
}

/** True when a human (channel admin) must act: a broken channel or the spam limit. */
export function needsAdminAttention(facts: GraphErrorFacts): boolean {
  return (
    classifyGraphError(facts) === 'channel_broken' ||
    (facts.code != null && ADMIN_ALERT_CODES.has(facts.code))
  );
}
