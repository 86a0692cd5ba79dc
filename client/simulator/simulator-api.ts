// The simulator's customer API (server/simulator/customer-routes.ts), typed for the page.
import { z } from 'zod';

export const PhoneMessageSchema = z.object({
  wamid: z.string(),
  from: z.enum(['mine', 'theirs']),
  type: z.string(),
  text: z.string(),
  media: z
    .object({
      id: z.string().nullable(),
      link: z.string().nullable(),
      mimeType: z.string().nullable(),
      filename: z.string().nullable(),
    })
    .nullable(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().nullable() }).nullable(),
  buttons: z.array(z.string()),
  replyTo: z.object({ wamid: z.string(), text: z.string() }).nullable(),
  status: z.string(),
  error: z.string().nullable(),
  reactions: z.object({ mine: z.string().nullable(), theirs: z.string().nullable() }),
  createdAt: z.number(),
});
export type PhoneMessage = z.infer<typeof PhoneMessageSchema>;

export const CustomerSchema = z.object({
  waId: z.string(),
  profileName: z.string(),
  lastMessageAt: z.number().nullable().optional(),
  unseen: z.number().optional(),
});
export type SimCustomer = z.infer<typeof CustomerSchema>;

export const ChannelSchema = z.object({
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string(),
  mode: z.enum(['meta', 'simulator']),
  slot: z.number(),
});
export type SimChannel = z.infer<typeof ChannelSchema>;

export class SimulatorApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function simulatorApi<T>(
  schema: z.ZodType<T>,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`/simulator-api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).safeParse(json);
    throw new SimulatorApiError(
      res.status,
      error.success ? error.data.error.code : 'http_error',
      error.success ? error.data.error.message : `The simulator answered ${res.status}.`,
    );
  }
  return schema.parse(json);
}

export const ChannelsAnswer = z.object({ channels: z.array(ChannelSchema) });
export const CustomersAnswer = z.object({ customers: z.array(CustomerSchema) });
export const CustomerAnswer = z.object({ customer: CustomerSchema });
export const ThreadAnswer = z.object({ customer: CustomerSchema, messages: z.array(PhoneMessageSchema) });
export const SentAnswer = z.object({ wamid: z.string() });
export const ReadAnswer = z.object({ read: z.number() });
