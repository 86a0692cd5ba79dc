import { dereference, validate } from '@scalar/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createSettingsTestApp } from './permissions-harness.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let app: ReturnType<typeof createSettingsTestApp>;
let doc: Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

beforeAll(async () => {
  db = await createTestDatabase();
  app = createSettingsTestApp(createTestDeps(db, { PUBLIC_URL: 'https://desk.example.com' }));
  const res = await app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
});
afterAll(() => db?.drop());

describe('/api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (checked against the official schema)', async () => {
    const result = await validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    // Every $ref resolves.
    const deref = await dereference(doc);
    expect(deref.errors ?? []).toEqual([]);
    // …and the validator does reject a broken copy.
    const broken = { ...doc, paths: { ...doc.paths, '/x': { get: { responses: 'none' } } } };
    expect((await validate(broken)).valid).toBe(false);
  });

  it('describes every route, each with bearer security and the shared error shape', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/conversations',
      '/api/v1/conversations/{conversationId}',
      '/api/v1/conversations/{conversationId}/messages',
      '/api/v1/messages/{messageId}/requests',
      '/api/v1/operators',
    ]);
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations).toHaveLength(6);
    for (const op of operations) {
      expect(op.security).toEqual([{ Bearer: [] }]);
      const responses = op.responses as Record<
        string,
        { content?: Record<string, { schema: { $ref?: string } }> }
      >;
      for (const status of ['400', '401', '403', '429']) {
        expect(responses[status]?.content?.['application/json']?.schema.$ref).toBe(
          '#/components/schemas/Error',
        );
      }
    }
    expect(doc.servers).toEqual([{ url: 'https://desk.example.com' }]);
  });

  it('documents the query filters and the send body as the routes validate them', () => {
    const list = doc.paths['/api/v1/conversations']?.get as { parameters: { name: string; in: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'q',
        'status',
        'awaitingReply',
        'channelId',
        'sort',
        'order',
        'limit',
        'cursor',
      ]),
    );
    const send = doc.paths['/api/v1/conversations/{conversationId}/messages']?.post as {
      requestBody: { required: boolean };
      responses: Record<string, unknown>;
    };
    expect(send.requestBody.required).toBe(true);
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['202', '404', '409']));
  });

  it('is served without a token, and so are the interactive docs', async () => {
    const docs = await app.request('/api/v1/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(await docs.text()).toContain('/api/v1/openapi.json');
  });
});
