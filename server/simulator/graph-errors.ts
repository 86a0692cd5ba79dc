// Meta's error bodies, as the Graph API answers and as `failed` status webhooks carry them.
import { randomBytes } from 'node:crypto';

type Known = { httpStatus: number; title: string; details: string; type?: string };

const KNOWN: Readonly<Record<number, Known>> = {
  1: { httpStatus: 500, title: 'API Unknown', details: 'Invalid request or possible server error.' },
  2: {
    httpStatus: 503,
    title: 'API Service',
    details: 'Temporary due to downtime or due to being overloaded.',
  },
  100: {
    httpStatus: 400,
    title: 'Invalid parameter',
    details: 'The request included invalid or unsupported parameters.',
  },
  190: {
    httpStatus: 401,
    title: 'Access token has expired',
    details: 'Error validating access token: the session has been invalidated.',
    type: 'OAuthException',
  },
  130429: {
    httpStatus: 400,
    title: 'Rate limit hit',
    details: 'Cloud API message throughput has been reached.',
  },
  131000: {
    httpStatus: 500,
    title: 'Something went wrong',
    details: 'Message failed to send due to an unknown error.',
  },
  131016: { httpStatus: 503, title: 'Service unavailable', details: 'A service is temporarily unavailable.' },
  131026: {
    httpStatus: 400,
    title: 'Message undeliverable',
    details: 'Unable to deliver message: the recipient may not be on WhatsApp or uses an old version.',
  },
  131031: {
    httpStatus: 400,
    title: 'Business Account locked',
    details: 'The WhatsApp Business Account is restricted.',
  },
  131047: {
    httpStatus: 400,
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: {
    httpStatus: 400,
    title: 'Spam rate limit hit',
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number.',
  },
  131051: { httpStatus: 400, title: 'Unsupported message type', details: 'Unsupported message type.' },
  131053: {
    httpStatus: 400,
    title: 'Media upload error',
    details: 'Unable to upload the media used in the message.',
  },
  131056: {
    httpStatus: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  131057: {
    httpStatus: 503,
    title: 'Account in maintenance mode',
    details: 'Business Account is in maintenance mode.',
  },
  132000: {
    httpStatus: 400,
    title: 'Number of parameters does not match the expected number of params',
    details:
      'The number of variable parameter values does not match the number of variables in the template.',
  },
  132001: {
    httpStatus: 404,
    title: 'Template name does not exist in the translation',
    details: 'The template does not exist in that language or is not approved.',
  },
  132015: {
    httpStatus: 400,
    title: 'Template is Paused',
    details: 'The template is paused due to low quality.',
  },
  132016: {
    httpStatus: 400,
    title: 'Template is Disabled',
    details: 'The template has been permanently disabled due to low quality.',
  },
  133004: {
    httpStatus: 503,
    title: 'Server temporarily unavailable',
    details: 'Server is temporarily unavailable.',
  },
  133010: {
    httpStatus: 400,
    title: 'Phone number not registered',
    details: 'The phone number is not registered on the WhatsApp Business Platform.',
  },
};

export type MetaErrorInit = { code: number; httpStatus?: number | null; details?: string; title?: string };

export function metaErrorStatus(init: MetaErrorInit): number {
  return init.httpStatus ?? KNOWN[init.code]?.httpStatus ?? 400;
}

/** `{"error":{message,type,code,error_data:{messaging_product,details},fbtrace_id}}` as Graph answers. */
export function metaErrorBody(init: MetaErrorInit) {
  const known = KNOWN[init.code];
  const title = init.title ?? known?.title ?? 'Error';
  return {
    error: {
      message: `(#${init.code}) ${title}`,
      type: known?.type ?? 'OAuthException',
      code: init.code,
      error_data: { messaging_product: 'whatsapp', details: init.details ?? known?.details ?? title },
      fbtrace_id: randomBytes(12).toString('base64url'),
    },
  };
}

/** The `errors[]` item of a `failed` status webhook. */
export function webhookError(init: MetaErrorInit) {
  const known = KNOWN[init.code];
  const title = init.title ?? known?.title ?? 'Error';
  return {
    code: init.code,
    title,
    message: title,
    error_data: { details: init.details ?? known?.details ?? title },
    href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
  };
}
