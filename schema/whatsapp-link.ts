import { z } from 'zod';

// The WhatsApp Business link form (Global Settings > Omnichannel > Chats), validated with the same
// rules in the browser (messages under each field) and on the server (the authority).

export const CHANNEL_MODES = ['meta', 'simulator'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v27.0';

const trimmed = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), schema);

export const displayPhoneNumber = trimmed(
  z
    .string()
    .min(1, 'Enter the business phone number.')
    .max(30, 'A phone number has at most 30 characters.')
    .regex(/^\+?[0-9][0-9 ()-]*$/, 'Use digits, spaces, brackets and dashes, e.g. +420 777 100 200.')
    .refine((v) => v.replace(/\D/g, '').length >= 6, 'A phone number has at least 6 digits.'),
);

export const phoneNumberId = trimmed(
  z
    .string()
    .min(1, 'Enter the phone number ID.')
    .regex(
      /^\d{5,25}$/,
      'The phone number ID is the long number shown in WhatsApp Manager > API Setup, not the phone number.',
    ),
);

const wabaId = trimmed(
  z.string().regex(/^(\d{5,25})?$/, 'The WhatsApp Business Account ID is a number, e.g. 102290129340398.'),
);

/** Why a Graph API URL is unusable (https, or http for a local stand-in; ends with the version), or null. */
export function graphUrlProblem(value: string): string | null {
  if (!value) return 'Enter the Graph API URL.';
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'Enter an https URL, e.g. https://graph.facebook.com/v27.0.';
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (!(u.protocol === 'https:' || (u.protocol === 'http:' && local))) {
    return 'Enter an https URL, e.g. https://graph.facebook.com/v27.0.';
  }
  if (!/\/v\d{1,3}\.\d{1,3}\/?$/.test(u.pathname)) {
    return 'End the URL with the API version, e.g. https://graph.facebook.com/v27.0.';
  }
  return null;
}

/** Checked against graphUrlProblem in Meta mode; the simulator ignores it. */
export const graphUrl = trimmed(
  z
    .string()
    .max(300, 'That URL is too long.')
    .transform((v) => v.replace(/\/+$/, '')),
);

/** Write-only secrets: absent or empty means "keep the stored one". */
const secret = (label: string, min: number, max: number, pattern: RegExp, hint: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .min(min, `The ${label} is at least ${min} characters long.`)
      .max(max, `The ${label} is at most ${max} characters long.`)
      .regex(pattern, hint)
      .optional(),
  );

export const accessToken = secret(
  'access token',
  20,
  2048,
  /^[A-Za-z0-9._|-]+$/,
  'Paste the token exactly as Meta shows it (letters and digits, no spaces).',
);
export const appSecret = secret(
  'app secret',
  16,
  128,
  /^[A-Za-z0-9]+$/,
  'The app secret (App settings > Basic) is letters and digits only.',
);
export const verifyToken = secret(
  'verify token',
  8,
  200,
  /^[\x21-\x7e]+$/,
  'Use visible characters without spaces.',
);

export const NumberInput = z.object({ displayPhoneNumber, phoneNumberId });

/** Where a reply to a username-only customer puts their BSUID: Meta's `recipient` field, or `to`. */
export const BSUID_ADDRESS_FIELDS = ['recipient', 'to'] as const;
export type BsuidAddressField = (typeof BSUID_ADDRESS_FIELDS)[number];

export const WhatsappLinkInput = z
  .object({
    mode: z.enum(CHANNEL_MODES),
    primary: NumberInput,
    secondary: NumberInput.nullable().default(null),
    wabaId,
    graphUrl,
    bsuidAddressField: z.enum(BSUID_ADDRESS_FIELDS).default('recipient'),
    accessToken,
    appSecret,
    verifyToken,
  })
  .superRefine((v, ctx) => {
    const urlProblem = v.mode === 'meta' ? graphUrlProblem(v.graphUrl) : null;
    if (urlProblem) ctx.addIssue({ code: 'custom', path: ['graphUrl'], message: urlProblem });
    if (v.mode === 'meta' && !v.wabaId) {
      ctx.addIssue({ code: 'custom', path: ['wabaId'], message: 'Enter the WhatsApp Business Account ID.' });
    }
    if (v.secondary && v.secondary.phoneNumberId === v.primary.phoneNumberId) {
      ctx.addIssue({
        code: 'custom',
        path: ['secondary', 'phoneNumberId'],
        message: 'The second number needs its own phone number ID.',
      });
    }
  });
export type WhatsappLinkInput = z.input<typeof WhatsappLinkInput>;
export type WhatsappLink = z.output<typeof WhatsappLinkInput>;

export const SECRET_FIELDS = ['accessToken', 'appSecret', 'verifyToken'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** Field path → first message, for a form. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** What GET /api/settings/whatsapp answers: never a secret, only whether one is stored. */
export type WhatsappLinkView = {
  mode: ChannelMode;
  primary: { channelId: string; displayPhoneNumber: string; phoneNumberId: string } | null;
  secondary: { channelId: string; displayPhoneNumber: string; phoneNumberId: string } | null;
  wabaId: string;
  graphUrl: string;
  bsuidAddressField: BsuidAddressField;
  secrets: Record<SecretField, { set: boolean; updatedAt: number | null }>;
  webhookUrl: string;
};

export type ConnectionTestResult = {
  ok: boolean;
  health: 'ok' | 'token_expired' | 'not_registered' | 'error';
  message: string;
  simulator?: boolean;
  phone?: {
    id: string;
    displayPhoneNumber: string | null;
    verifiedName: string | null;
    qualityRating: string | null;
    platformType: string | null;
    codeVerificationStatus: string | null;
    throughput: string | null;
  };
  graphError?: {
    httpStatus: number | null;
    code: number | null;
    subcode: number | null;
    fbtraceId: string | null;
  };
};
