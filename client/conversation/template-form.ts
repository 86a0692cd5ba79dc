// The template picker's pure parts: search, and the form's values in the send mutator's shape.
import type { TemplateParams } from '../../schema/mutators/messages.ts';
import type { WhatsappTemplate } from '../../schema/schema.ts';
import { listTemplateVariables, type TemplateInput } from '../../schema/whatsapp/render-template.ts';
import type { MetaTemplateComponent } from '../../schema/whatsapp/template-schema.ts';

export function inputOf(t: WhatsappTemplate): TemplateInput {
  return { components: t.components as MetaTemplateComponent[], parameter_format: t.parameterFormat };
}

/** Case-insensitive match of every word against name, language and category. */
export function matchesTemplate(t: Pick<WhatsappTemplate, 'name' | 'language' | 'category'>, search: string) {
  const hay = `${t.name} ${t.name.replace(/_/g, ' ')} ${t.language} ${t.category}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export type FormValues = Record<string, string>;

/** The form's variable URL buttons' values, by button position; undefined when the template has none. */
export function buttonParamsFor(
  template: TemplateInput,
  values: FormValues,
): Record<string, string> | undefined {
  const vars = listTemplateVariables(template).variables.filter((v) => v.component === 'button');
  if (vars.length === 0) return undefined;
  return Object.fromEntries(vars.map((v) => [v.key, values[`button:${v.key}`] ?? '']));
}

/** The form's values in the mutator's shape: positional arrays by number, named records by name. */
export function paramsFor(
  template: TemplateInput,
  values: FormValues,
  part: 'header' | 'body',
): TemplateParams | undefined {
  const form = listTemplateVariables(template);
  const vars = form.variables.filter((v) => v.component === part);
  if (vars.length === 0) return undefined;
  if (form.parameterFormat === 'named') {
    return Object.fromEntries(vars.map((v) => [v.key, values[`${part}:${v.key}`] ?? '']));
  }
  const arr: string[] = [];
  for (const v of vars) arr[Number(v.key) - 1] = values[`${part}:${v.key}`] ?? '';
  return Array.from(arr, (x) => x ?? '');
}
