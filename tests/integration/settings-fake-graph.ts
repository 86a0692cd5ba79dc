import { FakeGraph } from '../support/fake-graph.ts';

export const GOOD_TOKEN = 'EAAGoodToken0123456789abcdefGOOD';
export const EXPIRED_TOKEN = 'EAAExpiredToken0123456789abcdefXX';
export const KNOWN_PHONE_ID = '106540352242922';
export const UNREGISTERED_PHONE_ID = '106540352240000';

/**
 * The Graph API stand-in as Settings' connection test meets it: the number's details for a good token,
 * OAuthException 190 for an expired one, error 100/33 for an id the token cannot see; one number on
 * the Cloud API, one registered elsewhere.
 */
export async function startFakeGraph(): Promise<{
  url: string;
  calls: string[];
  close: () => Promise<void>;
}> {
  const graph = await new FakeGraph({
    accessToken: GOOD_TOKEN,
    expiredToken: EXPIRED_TOKEN,
    phoneNumbers: {
      [KNOWN_PHONE_ID]: { platformType: 'CLOUD_API' },
      [UNREGISTERED_PHONE_ID]: { platformType: 'NOT_APPLICABLE' },
    },
  }).start();
  return { url: graph.base, calls: graph.calls, close: () => graph.close() };
}
