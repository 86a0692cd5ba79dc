import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { GraphClient } from '../../../server/whatsapp/graph-client.ts';
import { GraphApiError } from '../../../server/whatsapp/graph-error.ts';
import { graphServer } from '../graph-server.ts';
import { CODE_CLASSIFICATIONS } from './error-code-table.ts';

const GRAPH = 'https://graph.facebook.com/v23.0';
const PHONE_ID = '106540352242922';
const WABA_ID = '102290129340398';
const TOKEN = 'EAAtest-token';
const MESSAGES_URL = `${GRAPH}/${PHONE_ID}/messages`;

function client(overrides: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) {
  return new GraphClient({
    graphUrl: `${GRAPH}/`,
    accessToken: TOKEN,
    phoneNumberId: PHONE_ID,
    wabaId: WABA_ID,
    timeoutMs: 2000,
    ...overrides,
  });
}

type Captured = { method: string; url: string; headers: Headers; json: unknown };

/** Answers POST /messages with an accepted message and records what was sent. */
function captureMessages(answer: Record<string, unknown> = acceptedResponse('wamid.OUT1')): Captured[] {
  const captured: Captured[] = [];
  graphServer.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      captured.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        json: await request.json(),
      });
      return HttpResponse.json(answer);
    }),
  );
  return captured;
}

function acceptedResponse(wamid: string) {
  return {
    messaging_product: 'whatsapp',
    contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
    messages: [{ id: wamid, message_status: 'accepted' }],
  };
}

async function caught(promise: Promise<unknown>): Promise<GraphApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphApiError) return error;
    throw error;
  }
  throw new Error('expected a GraphApiError');
}

function errorBody(code: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) Something happened`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: `details for ${code}` },
      fbtrace_id: 'AXsgnV2Cm3ZMGF3dF_cfYIn',
      ...extra,
    },
  };
}

describe('GraphClient: sending', () => {
  it('sends a text with bearer token and JSON headers, and returns the wamid', async () => {
    const captured = captureMessages();
    const sent = await client().sendText('+16505551234', 'Hi there');
    expect(sent).toEqual({ wamid: 'wamid.OUT1', waId: '16505551234', messageStatus: 'accepted' });
    expect(captured).toHaveLength(1);
    const [req] = captured;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(MESSAGES_URL);
    expect(req?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers.get('content-type')).toBe('application/json');
    expect(req?.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'text',
      text: { preview_url: false, body: 'Hi there' },
    });
  });

  it('sends a reply with context and link previews', async () => {
    const captured = captureMessages();
    await client().sendText('16505551234', 'see https://x.y', {
      replyToWamid: 'wamid.IN1',
      previewUrl: true,
    });
    expect(captured[0]?.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      context: { message_id: 'wamid.IN1' },
      type: 'text',
      text: { preview_url: true, body: 'see https://x.y' },
    });
  });

  it('refuses empty and over-long texts before calling Meta', () => {
    expect(() => client().sendText('1', '')).toThrow(RangeError);
    expect(() => client().sendText('1', 'x'.repeat(4097))).toThrow(/4096/);
  });

  it('sends a template with a deterministic language and its components', async () => {
    const captured = captureMessages();
    const components = [
      {
        type: 'header' as const,
        parameters: [{ type: 'image' as const, image: { link: 'https://x.y/a.jpg' } }],
      },
      { type: 'body' as const, parameters: [{ type: 'text' as const, text: 'Jessica' }] },
    ];
    await client().sendTemplate('16505551234', { name: 'order_update', language: 'en_US', components });
    expect(captured[0]?.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      type: 'template',
      template: { name: 'order_update', language: { policy: 'deterministic', code: 'en_US' }, components },
    });
    await client().sendTemplate('16505551234', { name: 'hello_world', language: 'en_US', components: [] });
    expect(captured[1]?.json).toMatchObject({ template: { name: 'hello_world' } });
    expect(captured[1]?.json).not.toHaveProperty('template.components');
  });

  it('sends each media kind by id, with caption and filename only where allowed', async () => {
    const captured = captureMessages();
    const c = client();
    await c.sendMedia('1', 'image', { mediaId: 'M1', caption: 'Invoice' }, 'wamid.Q');
    await c.sendMedia('1', 'document', { mediaId: 'M2', caption: 'Receipt', filename: 'r.pdf' });
    await c.sendMedia('1', 'video', { mediaId: 'M3' });
    await c.sendMedia('1', 'audio', { mediaId: 'M4', filename: 'ignored.ogg' });
    await c.sendMedia('1', 'sticker', { mediaId: 'M5' });
    const bodies = captured.map((r) => r.json as Record<string, unknown>);
    expect(bodies[0]).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '1',
      context: { message_id: 'wamid.Q' },
      type: 'image',
      image: { id: 'M1', caption: 'Invoice' },
    });
    expect(bodies[1]?.document).toEqual({ id: 'M2', caption: 'Receipt', filename: 'r.pdf' });
    expect(bodies[2]?.video).toEqual({ id: 'M3' });
    expect(bodies[3]?.audio).toEqual({ id: 'M4' });
    expect(bodies[4]).toMatchObject({ type: 'sticker', sticker: { id: 'M5' } });
    expect(() => c.sendMedia('1', 'audio', { mediaId: 'M', caption: 'no' })).toThrow(/cannot have a caption/);
    expect(() => c.sendMedia('1', 'image', { mediaId: 'M', caption: 'x'.repeat(1025) })).toThrow(/1024/);
  });

  it('sends and removes reactions', async () => {
    const captured = captureMessages();
    await client().sendReaction('1', 'wamid.T', '👍');
    await client().sendReaction('1', 'wamid.T', '');
    expect(captured[0]?.json).toMatchObject({
      type: 'reaction',
      reaction: { message_id: 'wamid.T', emoji: '👍' },
    });
    expect(captured[1]?.json).toMatchObject({ reaction: { message_id: 'wamid.T', emoji: '' } });
  });

  it('marks read, with or without the typing indicator', async () => {
    const captured = captureMessages({ success: true });
    await client().markRead('wamid.IN1');
    await client().markRead('wamid.IN2', { typing: true });
    expect(captured[0]?.json).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
    });
    expect(captured[1]?.json).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN2',
      typing_indicator: { type: 'text' },
    });
  });

  it('rejects a 200 answer without a wamid as permanent (the message may have gone out)', async () => {
    captureMessages({ messaging_product: 'whatsapp', messages: [] });
    const error = await caught(client().sendText('1', 'hi'));
    expect(error.httpStatus).toBe(200);
    expect(error.classification).toBe('permanent');
    expect(error.message).toMatch(/Unexpected Graph API response/);
  });
});

describe('GraphClient: media', () => {
  it('uploads multipart with messaging_product, type and the file', async () => {
    let form: FormData | undefined;
    let auth: string | null = null;
    graphServer.use(
      http.post(`${GRAPH}/${PHONE_ID}/media`, async ({ request }) => {
        auth = request.headers.get('authorization');
        expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
        form = await request.formData();
        return HttpResponse.json({ id: '4490709327384033' });
      }),
    );
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(await client().uploadMedia(bytes, 'image/jpeg', 'photo.jpg')).toEqual({
      mediaId: '4490709327384033',
    });
    expect(auth).toBe(`Bearer ${TOKEN}`);
    expect(form?.get('messaging_product')).toBe('whatsapp');
    expect(form?.get('type')).toBe('image/jpeg');
    const file = form?.get('file');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('photo.jpg');
    expect((file as File).type).toBe('image/jpeg');
    expect(new Uint8Array(await (file as File).arrayBuffer())).toEqual(bytes);
  });

  it('resolves a media id and downloads it with the same token', async () => {
    const content = new Uint8Array([1, 2, 3, 4, 5]);
    const downloadUrl = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=1&hash=x';
    const seen: Array<{ url: string; auth: string | null }> = [];
    graphServer.use(
      http.get(`${GRAPH}/1003383421387256`, ({ request }) => {
        seen.push({ url: request.url, auth: request.headers.get('authorization') });
        return HttpResponse.json({
          url: downloadUrl,
          mime_type: 'image/jpeg',
          sha256: 'abc',
          file_size: '303833',
          id: '1003383421387256',
          messaging_product: 'whatsapp',
        });
      }),
      http.get('https://lookaside.fbsbx.com/whatsapp_business/attachments/', ({ request }) => {
        seen.push({ url: request.url, auth: request.headers.get('authorization') });
        return new HttpResponse(content, { headers: { 'content-type': 'image/jpeg' } });
      }),
    );
    const info = await client().getMediaUrl('1003383421387256');
    expect(info).toEqual({
      url: downloadUrl,
      mime_type: 'image/jpeg',
      sha256: 'abc',
      file_size: 303833,
      id: '1003383421387256',
      messaging_product: 'whatsapp',
    });
    expect(await client().downloadMedia(info.url)).toEqual(content);
    expect(seen).toEqual([
      { url: `${GRAPH}/1003383421387256`, auth: `Bearer ${TOKEN}` },
      { url: downloadUrl, auth: `Bearer ${TOKEN}` },
    ]);
  });

  it('reports an expired download URL (404) as an error', async () => {
    graphServer.use(
      http.get('https://lookaside.fbsbx.com/expired', () => new HttpResponse('Not Found', { status: 404 })),
    );
    const error = await caught(client().downloadMedia('https://lookaside.fbsbx.com/expired'));
    expect(error.httpStatus).toBe(404);
  });

  it('never sends the token in clear text to another host', async () => {
    const error = await caught(client().downloadMedia('http://evil.example/steal'));
    expect(error.message).toMatch(/Refusing to send the access token/);
  });
});

describe('GraphClient: templates and phone number', () => {
  function template(i: number) {
    return {
      id: String(1000 + i),
      name: `template_${i}`,
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: `Body ${i} {{1}}`, example: { body_text: [['x']] } }],
    };
  }

  it('follows paging.next across 3 pages with the requested fields', async () => {
    const requested: URL[] = [];
    graphServer.use(
      http.get(`${GRAPH}/${WABA_ID}/message_templates`, ({ request }) => {
        const url = new URL(request.url);
        requested.push(url);
        expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
        const after = url.searchParams.get('after');
        const page = after === null ? 0 : Number(after);
        const next = new URL(url);
        next.searchParams.set('after', String(page + 1));
        return HttpResponse.json({
          data: [template(page * 2), template(page * 2 + 1)],
          paging: {
            cursors: { before: 'b', after: String(page + 1) },
            ...(page < 2 ? { next: next.href } : {}),
          },
        });
      }),
    );
    const templates = await client().listTemplates();
    expect(templates.map((t) => t.name)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `template_${i}`));
    expect(requested).toHaveLength(3);
    expect(requested[0]?.searchParams.get('fields')).toBe(
      'name,language,status,category,components,parameter_format,id',
    );
    expect(requested.map((u) => u.searchParams.get('after'))).toEqual([null, '1', '2']);
  });

  it('stops on paging that loops or leaves the Graph host', async () => {
    graphServer.use(
      http.get(`${GRAPH}/${WABA_ID}/message_templates`, ({ request }) =>
        HttpResponse.json({ data: [], paging: { next: request.url } }),
      ),
    );
    expect((await caught(client().listTemplates())).message).toMatch(/does not end/);
    graphServer.use(
      http.get(`${GRAPH}/${WABA_ID}/message_templates`, () =>
        HttpResponse.json({ data: [], paging: { next: 'https://evil.example/next' } }),
      ),
    );
    expect((await caught(client().listTemplates())).message).toMatch(/Refusing to follow paging/);
  });

  it('reads the phone number for "Test connection"', async () => {
    let url: URL | undefined;
    graphServer.use(
      http.get(`${GRAPH}/${PHONE_ID}`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({
          id: PHONE_ID,
          display_phone_number: '+1 555-555-5555',
          verified_name: 'Jaspers Market',
          quality_rating: 'GREEN',
        });
      }),
    );
    expect(await client().getPhoneNumber()).toMatchObject({
      verified_name: 'Jaspers Market',
      quality_rating: 'GREEN',
    });
    expect(url?.searchParams.get('fields')?.split(',')).toEqual(
      expect.arrayContaining(['display_phone_number', 'verified_name', 'quality_rating']),
    );
  });
});

describe('GraphClient: errors', () => {
  it.each(CODE_CLASSIFICATIONS)('Graph error code %i → %s', async (code, expected) => {
    graphServer.use(http.post(MESSAGES_URL, () => HttpResponse.json(errorBody(code), { status: 400 })));
    const error = await caught(client().sendText('1', 'hi'));
    expect(error.classification).toBe(expected);
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(400);
    expect(error.details).toBe(`details for ${code}`);
    expect(error.fbtraceId).toBe('AXsgnV2Cm3ZMGF3dF_cfYIn');
    expect(error.message).toBe(`(#${code}) Something happened`);
  });

  it('carries subcode, user title and user message', async () => {
    graphServer.use(
      http.post(MESSAGES_URL, () =>
        HttpResponse.json(
          errorBody(131047, {
            error_subcode: 2494010,
            error_user_title: 'Window closed',
            error_user_msg: 'Use a template',
          }),
          { status: 400 },
        ),
      ),
    );
    const error = await caught(client().sendText('1', 'hi'));
    expect(error).toMatchObject({
      subcode: 2494010,
      title: 'Window closed',
      userMessage: 'Use a template',
      type: 'OAuthException',
    });
    expect(error.alertAdmin).toBe(false);
  });

  it('marks 401 and code 190 as a broken channel that needs an admin', async () => {
    graphServer.use(http.post(MESSAGES_URL, () => HttpResponse.json(errorBody(100), { status: 401 })));
    const unauthorized = await caught(client().sendText('1', 'hi'));
    expect(unauthorized.classification).toBe('channel_broken');
    expect(unauthorized.alertAdmin).toBe(true);
    graphServer.use(
      http.get(`${GRAPH}/${PHONE_ID}`, () => HttpResponse.json(errorBody(190), { status: 400 })),
    );
    expect((await caught(client().getPhoneNumber())).classification).toBe('channel_broken');
  });

  it('flags the spam limit (131048) for an admin but does not retry it', async () => {
    graphServer.use(http.post(MESSAGES_URL, () => HttpResponse.json(errorBody(131048), { status: 400 })));
    const error = await caught(client().sendText('1', 'hi'));
    expect(error.classification).toBe('permanent');
    expect(error.alertAdmin).toBe(true);
  });

  it('treats 5xx (even with an HTML body) as transient', async () => {
    graphServer.use(
      http.post(MESSAGES_URL, () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 })),
    );
    const error = await caught(client().sendText('1', 'hi'));
    expect(error).toMatchObject({ httpStatus: 502, code: null, classification: 'transient' });
    expect(error.message).toMatch(/HTTP 502/);
  });

  it('treats a timeout as transient', async () => {
    graphServer.use(
      http.post(MESSAGES_URL, async () => {
        await delay(2000);
        return HttpResponse.json(acceptedResponse('wamid.LATE'));
      }),
    );
    const started = Date.now();
    const error = await caught(client({ timeoutMs: 50 }).sendText('1', 'hi'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ httpStatus: null, timedOut: true, classification: 'transient' });
    expect(error.message).toMatch(/within 50 ms/);
  });

  it('treats a network failure as transient', async () => {
    graphServer.use(http.post(MESSAGES_URL, () => HttpResponse.error()));
    const error = await caught(client().sendText('1', 'hi'));
    expect(error).toMatchObject({ httpStatus: null, timedOut: false, classification: 'transient' });
    expect(error.message).toMatch(/unreachable/);
  });

  it('uses an injected fetch when given one', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return Response.json(acceptedResponse('wamid.FAKE'));
    };
    expect((await client({ fetch: fakeFetch }).sendText('1', 'hi')).wamid).toBe('wamid.FAKE');
    expect(calls).toEqual([MESSAGES_URL]);
  });
});
