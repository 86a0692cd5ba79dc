// The one error type the Graph client throws, for HTTP errors, timeouts, network failures and
// responses it cannot read alike, so callers need a single catch path.
import { z } from 'zod';
import {
  classifyGraphError,
  type GraphErrorClassification,
  needsAdminAttention,
} from './classify-graph-error.ts';

/** Meta's error body: `{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}`. */
export const graphErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    is_transient: z.boolean().optional(),
    error_data: z.union([z.looseObject({ details: z.string().optional() }), z.string()]).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export type GraphApiErrorInit = {
  message: string;
  httpStatus: number | null;
  code?: number | null;
  subcode?: number | null;
  type?: string | null;
  title?: string | null;
  userMessage?: string | null;
  details?: string | null;
  fbtraceId?: string | null;
  isTransient?: boolean;
  timedOut?: boolean;
  networkError?: boolean;
  cause?: unknown;
};

export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  /** null when no HTTP response arrived (timeout, network). */
  readonly httpStatus: number | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly type: string | null;
  /** `error_user_title`, meant for people. */
  readonly title: string | null;
  /** `error_user_msg`, meant for people. */
  readonly userMessage: string | null;
  /** `error_data.details`: usually the most precise explanation. */
  readonly details: string | null;
  readonly fbtraceId: string | null;
  readonly timedOut: boolean;
  readonly classification: GraphErrorClassification;
  /** Broken channel or spam limit: show it to an admin, not only in logs. */
  readonly alertAdmin: boolean;

  constructor(init: GraphApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.httpStatus = init.httpStatus;
    this.code = init.code ?? null;
    this.subcode = init.subcode ?? null;
    this.type = init.type ?? null;
    this.title = init.title ?? null;
    this.userMessage = init.userMessage ?? null;
    this.details = init.details ?? null;
    this.fbtraceId = init.fbtraceId ?? null;
    this.timedOut = init.timedOut ?? false;
    const facts = {
      httpStatus: init.httpStatus,
      code: init.code ?? null,
      isTransient: init.isTransient ?? false,
      timedOut: this.timedOut,
      networkError: init.networkError ?? false,
    };
    this.classification = classifyGraphError(facts);
    this.alertAdmin = needsAdminAttention(facts);
  }
}

/** Builds the error for a non-2xx response; the body may be anything (an HTML page from a proxy, say). */
export function graphErrorFromResponse(httpStatus: number, bodyText: string): GraphApiError {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  const parsed = graphErrorBodySchema.safeParse(json);
  if (!parsed.success) {
    const excerpt = bodyText.slice(0, 200).trim();
    return new GraphApiError({
      httpStatus,
      message: `Graph API HTTP ${httpStatus}${excerpt ? `: ${excerpt}` : ''}`,
    });
  }
  const e = parsed.data.error;
  return new GraphApiError({
    httpStatus,
    message: e.message ?? `Graph API HTTP ${httpStatus}`,
    code: e.code ?? null,
    subcode: e.error_subcode ?? null,
    type: e.type ?? null,
    title: e.error_user_title ?? null,
    userMessage: e.error_user_msg ?? null,
    details: typeof e.error_data === 'string' ? e.error_data : (e.error_data?.details ?? null),
    fbtraceId: e.fbtrace_id ?? null,
    isTransient: e.is_transient ?? false,
  });
}
