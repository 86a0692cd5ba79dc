// Everything the operator's "send a template" form needs from a stored template: which variables to ask
// for, whether the values are complete, the Graph `components` to send and the text the customer sees
// (stored as the message body). Pure and browser-safe.
import type { MetaTemplateComponent } from './template-schema.ts';

export type TemplateParameterFormat = 'positional' | 'named';
export type TemplateHeaderMediaKind = 'image' | 'video' | 'document';

export type TemplateVariable = {
  component: 'header' | 'body' | 'button';
  /**
   * '1', '2'… for positional templates, the parameter name for named ones; for a URL button's variable
   * (the end of its link, always {{1}}), the button's position among the template's buttons.
   */
  key: string;
  /** As written in the template, e.g. `{{1}}` or `{{first_name}}`. */
  placeholder: string;
  /** Meta's example value, when the template has one: a good input placeholder. */
  example: string | null;
  /** A button variable's button text, to label the input. */
  buttonText?: string;
};

export type TemplateForm = {
  parameterFormat: TemplateParameterFormat;
  variables: TemplateVariable[];
  /** Set when the header is an image/video/document the operator must supply (link or media id). */
  headerMedia: TemplateHeaderMediaKind | null;
  /** Why this template cannot be sent from here (OTP and copy-code buttons, carousels…); empty when it can. */
  unsupported: string[];
};

/** Positional values are in order ({{1}} first); named values are keyed by parameter name. */
export type TemplateParamValues = readonly string[] | Readonly<Record<string, string>>;

export type TemplateHeaderMediaValue = { link?: string; id?: string; filename?: string };

/** A URL button's variable by the button's position ('0', '1'…), as Graph's `index`. */
export type TemplateButtonValues = Readonly<Record<string, string>>;

export type TemplateValues = {
  header?: TemplateParamValues;
  body?: TemplateParamValues;
  buttons?: TemplateButtonValues;
  headerMedia?: TemplateHeaderMediaValue;
};

export type TemplateInput = {
  components: readonly MetaTemplateComponent[];
  /** Meta's `parameter_format` (POSITIONAL | NAMED); inferred from the placeholders when absent. */
  parameter_format?: string | undefined;
};

type MediaRef = { link: string } | { id: string };
export type GraphTemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'document'; document: MediaRef & { filename?: string } };
export type GraphTemplateComponent =
  | { type: 'header' | 'body'; parameters: GraphTemplateParameter[] }
  | { type: 'button'; sub_type: 'url'; index: string; parameters: { type: 'text'; text: string }[] };

export type PreparedTemplate =
  | {
      ok: true;
      components: GraphTemplateComponent[];
      text: string;
      headerMedia: TemplateHeaderMediaKind | null;
    }
  | { ok: false; errors: string[] };

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
// Meta rejects parameter text with new lines, tabs or more than 4 consecutive spaces.
const FORBIDDEN_PARAM_TEXT = /[\n\r\t]| {5,}/;
const MEDIA_FORMATS: Readonly<Record<string, TemplateHeaderMediaKind>> = {
  IMAGE: 'image',
  VIDEO: 'video',
  DOCUMENT: 'document',
};
// Buttons that need parameters we do not collect: sending without them fails with 132000.
const BUTTONS_NEEDING_PARAMS: ReadonlySet<string> = new Set(['COPY_CODE', 'OTP', 'CATALOG', 'MPM']);
const KNOWN_COMPONENTS: ReadonlySet<string> = new Set(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']);

function findComponent(template: TemplateInput, type: string): MetaTemplateComponent | undefined {
  return template.components.find((c) => c.type.toUpperCase() === type);
}

function placeholderKeys(text: string | undefined): string[] {
  const keys: string[] = [];
  for (const match of (text ?? '').matchAll(PLACEHOLDER)) {
    const key = match[1];
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

function parameterFormatOf(template: TemplateInput): TemplateParameterFormat {
  if (template.parameter_format)
    return template.parameter_format.toUpperCase() === 'NAMED' ? 'named' : 'positional';
  const keys = [
    ...placeholderKeys(findComponent(template, 'HEADER')?.text),
    ...placeholderKeys(findComponent(template, 'BODY')?.text),
  ];
  return keys.some((k) => !/^\d+$/.test(k)) ? 'named' : 'positional';
}

/**
 * A send's values as the template takes them: named values are unambiguous across header and body, so
 * a named template's one record fills the header's variables too; positional templates number header
 * and body apart, so their header takes only its own values. The browser's preview, the server's check
 * and the outbox's Graph request all fill a template this way.
 */
export function templateValuesFor(
  template: TemplateInput,
  body: TemplateParamValues,
  header?: TemplateParamValues | null,
  buttons?: TemplateButtonValues | null,
): TemplateValues {
  const shared = parameterFormatOf(template) === 'named' && !Array.isArray(body) ? body : undefined;
  const h = header ?? shared;
  return { body, ...(h === undefined ? {} : { header: h }), ...(buttons ? { buttons } : {}) };
}

function orderedKeys(text: string | undefined, format: TemplateParameterFormat): string[] {
  const keys = placeholderKeys(text);
  // Positional parameters are sent as an array in numeric order, whatever order the text uses them in.
  return format === 'positional' ? keys.sort((a, b) => Number(a) - Number(b)) : keys;
}

function exampleFor(component: MetaTemplateComponent, part: 'header' | 'body', key: string, index: number) {
  const ex = component.example;
  if (!ex) return null;
  const named = part === 'header' ? ex.header_text_named_params : ex.body_text_named_params;
  const fromNamed = named?.find((p) => p.param_name === key)?.example;
  if (fromNamed !== undefined) return fromNamed;
  const positional = part === 'header' ? ex.header_text : ex.body_text?.[0];
  return positional?.[/^\d+$/.test(key) ? Number(key) - 1 : index] ?? null;
}

/** The variables of a header's or body's text, in order, with Meta's example for each. */
function textVariables(
  component: MetaTemplateComponent,
  part: 'header' | 'body',
  format: TemplateParameterFormat,
): TemplateVariable[] {
  return orderedKeys(component.text, format).map((key, i) => ({
    component: part,
    key,
    placeholder: `{{${key}}}`,
    example: exampleFor(component, part, key, i),
  }));
}

/** The variables the form must ask for, the header media it needs, and what we cannot send. */
export function listTemplateVariables(template: TemplateInput): TemplateForm {
  const parameterFormat = parameterFormatOf(template);
  const variables: TemplateVariable[] = [];
  const unsupported: string[] = [];
  let headerMedia: TemplateHeaderMediaKind | null = null;

  for (const component of template.components) {
    const type = component.type.toUpperCase();
    if (!KNOWN_COMPONENTS.has(type)) unsupported.push(`The template has a ${type} component.`);
  }
  const header = findComponent(template, 'HEADER');
  if (header) {
    const format = (header.format ?? 'TEXT').toUpperCase();
    if (format === 'TEXT') {
      variables.push(...textVariables(header, 'header', parameterFormat));
    } else if (MEDIA_FORMATS[format]) {
      headerMedia = MEDIA_FORMATS[format];
    } else {
      unsupported.push(`The template has a ${format} header.`);
    }
  }
  const body = findComponent(template, 'BODY');
  if (body) variables.push(...textVariables(body, 'body', parameterFormat));
  (findComponent(template, 'BUTTONS')?.buttons ?? []).forEach((button, index) => {
    const type = button.type.toUpperCase();
    const label = button.text ? `"${button.text}"` : type;
    if (type === 'URL' && button.url?.includes('{{')) {
      // Meta allows one variable, at the end of the link: the customer's own page (an order, a ticket).
      variables.push({
        component: 'button',
        key: String(index),
        placeholder: '{{1}}',
        example: buttonExample(button.example),
        ...(button.text ? { buttonText: button.text } : {}),
      });
    } else if (BUTTONS_NEEDING_PARAMS.has(type))
      unsupported.push(`Button ${label} (${type}) needs parameters.`);
  });
  return { parameterFormat, variables, headerMedia, unsupported };
}

/** Meta gives a URL button's example as the whole link (in an array); the variable is its end. */
function buttonExample(example: unknown): string | null {
  const first = Array.isArray(example) ? example[0] : example;
  return typeof first === 'string' ? first : null;
}

function valueFor(
  values: TemplateParamValues | undefined,
  variable: TemplateVariable,
  index: number,
): string | undefined {
  if (values === undefined) return undefined;
  if (Array.isArray(values)) {
    // Positional keys are 1-based numbers; for named templates an array follows the form's order.
    return values[/^\d+$/.test(variable.key) ? Number(variable.key) - 1 : index];
  }
  return (values as Readonly<Record<string, string>>)[variable.key];
}

function variableValues(form: TemplateForm, values: TemplateValues) {
  const counters = { header: 0, body: 0 };
  return form.variables.map((variable) => {
    if (variable.component === 'button') return { variable, value: values.buttons?.[variable.key] };
    const index = counters[variable.component]++;
    return { variable, value: valueFor(values[variable.component], variable, index) };
  });
}

const PART_LABEL = { header: 'Header', body: 'Body', button: 'Button' } as const;

/** Every problem with the values, as sentences for the operator; empty when the template can be sent. */
export function validateTemplateValues(template: TemplateInput, values: TemplateValues): string[] {
  const form = listTemplateVariables(template);
  const errors = [...form.unsupported];
  for (const { variable, value } of variableValues(form, values)) {
    const name =
      variable.component === 'button'
        ? `The link of button "${variable.buttonText ?? Number(variable.key) + 1}"`
        : `${PART_LABEL[variable.component]} variable ${variable.placeholder}`;
    if (value === undefined || value.trim() === '') errors.push(`${name} is missing.`);
    else if (FORBIDDEN_PARAM_TEXT.test(value)) {
      errors.push(`${name} must not contain new lines, tabs or more than 4 consecutive spaces.`);
    }
  }
  if (form.headerMedia) {
    const media = values.headerMedia;
    if (!media?.link?.trim() && !media?.id?.trim()) {
      errors.push(`The header ${form.headerMedia} is missing: give a link or an uploaded media id.`);
    } else if (media.link && !/^https?:\/\//i.test(media.link)) {
      errors.push(`The header ${form.headerMedia} link must start with http:// or https://.`);
    }
  }
  return errors;
}

/** Graph `template.components` for the values. Call only after validateTemplateValues() returned no errors. */
export function buildTemplateComponents(
  template: TemplateInput,
  values: TemplateValues,
): GraphTemplateComponent[] {
  const form = listTemplateVariables(template);
  const header: GraphTemplateParameter[] = [];
  const body: GraphTemplateParameter[] = [];
  const buttons: GraphTemplateComponent[] = [];
  for (const { variable, value } of variableValues(form, values)) {
    const text = value ?? '';
    if (variable.component === 'button') {
      buttons.push({
        type: 'button',
        sub_type: 'url',
        index: variable.key,
        parameters: [{ type: 'text', text }],
      });
      continue;
    }
    const parameter: GraphTemplateParameter =
      form.parameterFormat === 'named'
        ? { type: 'text', parameter_name: variable.key, text }
        : { type: 'text', text };
    (variable.component === 'header' ? header : body).push(parameter);
  }
  if (form.headerMedia && values.headerMedia)
    header.push(headerMediaParameter(form.headerMedia, values.headerMedia));

  const components: GraphTemplateComponent[] = [];
  if (header.length > 0) components.push({ type: 'header', parameters: header });
  if (body.length > 0) components.push({ type: 'body', parameters: body });
  components.push(...buttons);
  return components;
}

function headerMediaParameter(
  kind: TemplateHeaderMediaKind,
  media: TemplateHeaderMediaValue,
): GraphTemplateParameter {
  const ref: MediaRef = media.id?.trim() ? { id: media.id.trim() } : { link: (media.link ?? '').trim() };
  if (kind === 'image') return { type: 'image', image: ref };
  if (kind === 'video') return { type: 'video', video: ref };
  return { type: 'document', document: media.filename ? { ...ref, filename: media.filename } : ref };
}

function fill(text: string, part: 'header' | 'body', filled: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => filled.get(`${part}:${key}`) ?? whole);
}

/** What the customer reads: header text, body and footer with the variables filled (missing ones stay as written). */
export function renderTemplateText(template: TemplateInput, values: TemplateValues): string {
  const form = listTemplateVariables(template);
  const filled = new Map<string, string>();
  for (const { variable, value } of variableValues(form, values)) {
    if (value !== undefined && value !== '') filled.set(`${variable.component}:${variable.key}`, value);
  }
  const header = findComponent(template, 'HEADER');
  const parts = [
    header && (header.format ?? 'TEXT').toUpperCase() === 'TEXT'
      ? fill(header.text ?? '', 'header', filled)
      : '',
    fill(findComponent(template, 'BODY')?.text ?? '', 'body', filled),
    findComponent(template, 'FOOTER')?.text ?? '',
  ];
  return parts
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** Validate, build and render in one call: what the send path uses. */
export function prepareTemplateMessage(template: TemplateInput, values: TemplateValues): PreparedTemplate {
  const errors = validateTemplateValues(template, values);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    components: buildTemplateComponents(template, values),
    text: renderTemplateText(template, values),
    headerMedia: listTemplateVariables(template).headerMedia,
  };
}
