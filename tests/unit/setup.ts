import { afterAll, afterEach, beforeAll } from 'vitest';
import { graphServer } from './graph-server.ts';

// One msw server for Meta's Graph API; tests add handlers with graphServer.use().
beforeAll(() => graphServer.listen({ onUnhandledFrame: 'error' }));
afterEach(() => graphServer.resetHandlers());
afterAll(() => graphServer.close());
