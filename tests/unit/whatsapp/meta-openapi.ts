// Validates JSON bodies against Meta's own OpenAPI description of the Business Messaging API (v23.0).
// Reused by the simulator's tests to check its answers. The spec is a machine merge of several files
// and has a few defects; the patches below are the smallest changes that make its intent checkable:
//  1. `allOf: [Base, {additionalProperties: false, …}]` (TextMessage & co.) would, read literally,
//     reject every property of Base. OpenAPI tools merge allOf members; we do the same, so
//     additionalProperties: false applies to the union of the members' properties.
//  2. `discriminator` is dropped (Ajv cannot use `mapping`); the oneOf alternatives still decide.
//  3. POST /messages documents the read receipt only as an example ("Send typing indicator and read
//     receipt"), while its schema (`Message`) has no such variant; MarkMessageRequestPayload is the
//     spec's schema for that body, so it is accepted as an alternative there.
//  4. Two message-request fields Meta documents that this v23.0 file lacks (its Message schemas are
//     closed): `biz_opaque_callback_data` (a string of at most 512 characters, echoed in the status
//     webhooks) and, since 2026, `recipient` (a business-scoped user id, instead of `to`). Each is
//     checked here on its own terms and the rest of the body against the spec, so every other stray
//     field is still refused.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

export const META_SPEC_PATH = '/work/shared/meta/business-messaging-api_v23.0.yaml';

type Schema = Record<string, unknown>;
type Spec = {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, Schema> };
};
type MediaContent = { schema?: Schema; examples?: Record<string, { value?: unknown }> };
type Operation = {
  requestBody?: { content?: Record<string, MediaContent> };
  responses?: Record<string, { content?: Record<string, MediaContent> }>;
};

const REQUEST_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  'post /{Version}/{Phone-Number-ID}/messages': ['MarkMessageRequestPayload'],
};

let cachedSpec: Spec | undefined;

/** The parsed spec (about 1 s the first time). */
export function loadMetaSpec(): Spec {
  cachedSpec ??= parse(readFileSync(META_SPEC_PATH, 'utf8'), { maxAliasCount: -1 }) as Spec;
  return cachedSpec;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolvePointer(spec: Spec, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported: ${ref}`);
  let node: unknown = spec;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  }
  if (!isObject(node)) throw new Error(`Unresolvable $ref ${ref}`);
  return node;
}

/** Inlines every $ref (the operations we check have no cycles; a cycle throws rather than loops). */
function inline(spec: Spec, node: unknown, trail: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(spec, item, trail));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    if (trail.includes(node.$ref)) throw new Error(`Cyclic $ref ${[...trail, node.$ref].join(' -> ')}`);
    const { $ref, ...siblings } = node;
    return inline(spec, { ...resolvePointer(spec, $ref), ...siblings }, [...trail, $ref]);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    // `example(s)` hold data, not schemas: keep them out of the walk.
    out[key] = key === 'example' || key === 'examples' ? value : inline(spec, value, trail);
  }
  return out;
}

function mergeAllOf(schema: Schema): Schema {
  const members = [schema.allOf as Schema[], { ...schema, allOf: undefined }].flat().filter(isObject);
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  const residual: Schema[] = [];
  let closed = false;
  for (const member of members) {
    for (const [name, propertySchema] of Object.entries((member.properties as Schema | undefined) ?? {})) {
      properties[name] = name in properties ? { allOf: [properties[name], propertySchema] } : propertySchema;
    }
    for (const name of (member.required as string[] | undefined) ?? []) required.add(name);
    if (member.additionalProperties === false) closed = true;
    for (const key of ['oneOf', 'anyOf', 'not'] as const) {
      if (member[key] !== undefined) residual.push({ [key]: member[key] });
    }
  }
  const merged: Schema = { type: 'object', properties, required: [...required] };
  if (closed) merged.additionalProperties = false;
  if (residual.length > 0) merged.allOf = residual;
  return merged;
}

/** Applies patches 1 and 2 bottom-up. */
function patch(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(patch);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator') continue;
    out[key] = key === 'example' || key === 'examples' ? value : patch(value);
  }
  return Array.isArray(out.allOf) && out.allOf.every(isObject) ? mergeAllOf(out) : out;
}

function operation(method: string, pathTemplate: string): Operation {
  const op = loadMetaSpec().paths[pathTemplate]?.[method.toLowerCase()];
  if (!isObject(op)) throw new Error(`Meta's spec has no ${method.toUpperCase()} ${pathTemplate}`);
  return op as Operation;
}

function jsonContent(
  method: string,
  pathTemplate: string,
  kind: 'request' | 'response',
  status: number,
): MediaContent {
  const op = operation(method, pathTemplate);
  const content =
    kind === 'request'
      ? op.requestBody?.content
      : (op.responses?.[String(status)] ?? op.responses?.default)?.content;
  const json = content?.['application/json'];
  if (!json?.schema) {
    const what = kind === 'request' ? 'request body' : `${status} response`;
    throw new Error(`Meta's spec has no JSON ${what} for ${method.toUpperCase()} ${pathTemplate}`);
  }
  return json;
}

/** The spec's documented examples for an operation's request or response (name → value). */
export function metaSpecExamples(
  method: string,
  pathTemplate: string,
  kind: 'request' | 'response',
  status = 200,
): Record<string, unknown> {
  const examples = jsonContent(method, pathTemplate, kind, status).examples ?? {};
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, example.value]));
}

/** The statuses the spec documents for an operation's responses. */
export function metaSpecResponseStatuses(method: string, pathTemplate: string): number[] {
  return Object.keys(operation(method, pathTemplate).responses ?? {})
    .filter((s) => /^\d{3}$/.test(s))
    .map(Number);
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

export type SpecValidation = { valid: boolean; errors: string[] };

/**
 * Validates `body` against the spec's JSON schema for the operation, e.g.
 * `validateAgainstMetaSpec('post', '/{Version}/{Phone-Number-ID}/messages', 'request', 0, body)` or
 * `validateAgainstMetaSpec('get', '/{Version}/{Media-ID}', 'response', 200, body)`.
 * `status` is ignored for requests. Throws when the spec does not describe that operation/status.
 */
export function validateAgainstMetaSpec(
  method: string,
  pathTemplate: string,
  kind: 'request' | 'response',
  status: number,
  body: unknown,
): SpecValidation {
  const key = `${method.toLowerCase()} ${pathTemplate} ${kind} ${kind === 'request' ? '' : status}`;
  let validate = validators.get(key);
  if (!validate) {
    const spec = loadMetaSpec();
    let schema = jsonContent(method, pathTemplate, kind, status).schema as Schema;
    const alternatives =
      kind === 'request' ? REQUEST_ALTERNATIVES[`${method.toLowerCase()} ${pathTemplate}`] : undefined;
    if (alternatives) {
      schema = { anyOf: [schema, ...alternatives.map((name) => ({ $ref: `#/components/schemas/${name}` }))] };
    }
    validate = ajv.compile(patch(inline(spec, schema)) as Schema);
    validators.set(key, validate);
  }
  const later =
    kind === 'request' && pathTemplate === MESSAGES_PATH ? laterMessageFields(body) : { body, errors: [] };
  const valid = (validate(later.body) as boolean) && later.errors.length === 0;
  const errors = [
    ...later.errors,
    ...(validate.errors ?? []).map(
      (e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    ),
  ];
  return { valid, errors: valid ? [] : errors };
}

const MESSAGES_PATH = '/{Version}/{Phone-Number-ID}/messages';
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/;

/** Patch 4: checks the fields Meta added after this file, and hands the rest of the body to the spec. */
function laterMessageFields(body: unknown): { body: unknown; errors: string[] } {
  if (!isObject(body)) return { body, errors: [] };
  const errors: string[] = [];
  const { biz_opaque_callback_data: callback, recipient, ...rest } = body;
  if (callback !== undefined && (typeof callback !== 'string' || callback.length > 512))
    errors.push('/biz_opaque_callback_data must be a string of at most 512 characters');
  if (recipient === undefined) return { body: rest, errors };
  if (typeof recipient !== 'string' || !BSUID.test(recipient))
    errors.push('/recipient must be a business-scoped user id');
  if ('to' in rest) errors.push('/recipient and /to must not both be present');
  // The spec requires `to`: the recipient stands in for it.
  return { body: { ...rest, to: recipient }, errors };
}
