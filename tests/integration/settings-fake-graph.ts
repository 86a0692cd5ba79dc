import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GOOD_TOKEN = 'EAAGoodToken0123456789abcdefGOOD';
export const EXPIRED_TOKEN = 'EAAExpiredToken0123456789abcdefXX';
export const KNOWN_PHONE_ID = '106540352242922';
export const UNREGISTERED_PHONE_ID = '106540352240000';

/**
 * A stand-in for Meta's Graph API `GET /{version}/{phone-number-id}` on a local port, answering the way
 * Meta does: the number's details for a good token, OAuthException 190 for an expired one, error 100/33
 * for an id the token cannot see.
 */
export async function startFakeGraph(): Promise<{
  url: string;
  calls: string[];
  close: () => Promise<void>;
}> {
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const url = new URL(req.url ?? '/', 'http://x');
    const [, version, id] = url.pathname.split('/');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (version !== 'v23.0' || req.method !== 'GET')
      return json(404, { error: { message: 'Unknown path', code: 803 } });
    const auth = req.headers.authorization ?? '';
    if (auth === `Bearer ${EXPIRED_TOKEN}`) {
      return json(401, {
        error: {
          message: 'Error validating access token: Session has expired.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
          fbtrace_id: 'AbCdEf',
        },
      });
    }
    if (auth !== `Bearer ${GOOD_TOKEN}`) {
      return json(400, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
    }
    if (id === KNOWN_PHONE_ID || id === UNREGISTERED_PHONE_ID) {
      return json(200, {
        id,
        display_phone_number: '+1 555-078-3881',
        verified_name: 'CDESK Support',
        quality_rating: 'GREEN',
        code_verification_status: 'VERIFIED',
        platform_type: id === KNOWN_PHONE_ID ? 'CLOUD_API' : 'NOT_APPLICABLE',
        throughput: { level: 'STANDARD' },
      });
    }
    return json(400, {
      error: {
        message: `Unsupported get request. Object with ID '${id}' does not exist`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v23.0`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
