import { describe, expect, it } from 'vitest';
import {
  buildTemplateComponents,
  listTemplateVariables,
  prepareTemplateMessage,
  renderTemplateText,
  validateTemplateValues,
} from '../../../schema/whatsapp/render-template.ts';
import type { MetaTemplate } from '../../../schema/whatsapp/template-schema.ts';

const positional: MetaTemplate = {
  id: '1',
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['SKB-42'] } },
    {
      type: 'BODY',
      text: 'Hi {{1}}, your order {{2}} ships on {{3}}. Thanks, {{1}}!',
      example: { body_text: [['Jessica', 'SKB-42', 'Monday']] },
    },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Track' },
        { type: 'URL', text: 'Site', url: 'https://x.y' },
      ],
    },
  ],
};

const named: MetaTemplate = {
  id: '2',
  name: 'welcome',
  language: 'pt_BR',
  status: 'APPROVED',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://scontent.x/y.jpg'] } },
    {
      type: 'BODY',
      text: 'Olá {{first_name}}, seu código é {{code}}.',
      example: {
        body_text_named_params: [
          { param_name: 'first_name', example: 'Ana' },
          { param_name: 'code', example: 'X1' },
        ],
      },
    },
  ],
};

describe('listTemplateVariables', () => {
  it('lists positional header and body variables once each, in order, with examples', () => {
    expect(listTemplateVariables(positional)).toEqual({
      parameterFormat: 'positional',
      headerMedia: null,
      unsupported: [],
      variables: [
        { component: 'header', key: '1', placeholder: '{{1}}', example: 'SKB-42' },
        { component: 'body', key: '1', placeholder: '{{1}}', example: 'Jessica' },
        { component: 'body', key: '2', placeholder: '{{2}}', example: 'SKB-42' },
        { component: 'body', key: '3', placeholder: '{{3}}', example: 'Monday' },
      ],
    });
  });

  it('lists named variables and the media header', () => {
    expect(listTemplateVariables(named)).toEqual({
      parameterFormat: 'named',
      headerMedia: 'image',
      unsupported: [],
      variables: [
        { component: 'body', key: 'first_name', placeholder: '{{first_name}}', example: 'Ana' },
        { component: 'body', key: 'code', placeholder: '{{code}}', example: 'X1' },
      ],
    });
  });

  it('infers the format when parameter_format is absent and sorts positional keys numerically', () => {
    const t = { components: [{ type: 'BODY', text: '{{10}} {{2}} {{1}}' }] };
    expect(listTemplateVariables(t).variables.map((v) => v.key)).toEqual(['1', '2', '10']);
    expect(
      listTemplateVariables({ components: [{ type: 'BODY', text: 'Hi {{ name }}' }] }).parameterFormat,
    ).toBe('named');
  });

  it('reports what cannot be sent from the form', () => {
    const t = {
      components: [
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Code' },
        {
          type: 'BUTTONS',
          buttons: [{ type: 'URL', text: 'Track', url: 'https://x.y/{{1}}' }, { type: 'COPY_CODE' }],
        },
        { type: 'CAROUSEL' },
      ],
    };
    expect(listTemplateVariables(t).unsupported).toEqual([
      'The template has a CAROUSEL component.',
      'The template has a LOCATION header.',
      'Button COPY_CODE (COPY_CODE) needs parameters.',
    ]);
  });

  it("asks for the end of a variable URL button's link and sends it as that button's parameter", () => {
    const t = {
      components: [
        { type: 'BODY', text: 'Hi {{1}}, your order shipped.' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Thanks' },
            {
              type: 'URL',
              text: 'Track',
              url: 'https://shop.example/track/{{1}}',
              example: ['https://shop.example/track/A1'],
            },
            { type: 'URL', text: 'Help', url: 'https://shop.example/help' },
          ],
        },
      ],
    };
    const form = listTemplateVariables(t);
    expect(form.unsupported).toEqual([]);
    expect(form.variables.filter((v) => v.component === 'button')).toEqual([
      {
        component: 'button',
        key: '1',
        placeholder: '{{1}}',
        example: 'https://shop.example/track/A1',
        buttonText: 'Track',
      },
    ]);
    expect(validateTemplateValues(t, { body: ['Jo'] })).toEqual(['The link of button "Track" is missing.']);
    expect(validateTemplateValues(t, { body: ['Jo'], buttons: { '1': 'a\tb' } })).toEqual([
      'The link of button "Track" must not contain new lines, tabs or more than 4 consecutive spaces.',
    ]);
    const prepared = prepareTemplateMessage(t, { body: ['Jo'], buttons: { '1': 'ORD-77' } });
    expect(prepared).toEqual({
      ok: true,
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'Jo' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'ORD-77' }] },
      ],
      text: 'Hi Jo, your order shipped.',
      headerMedia: null,
    });
  });
});

describe('validateTemplateValues', () => {
  it('accepts complete values', () => {
    expect(validateTemplateValues(positional, { header: ['A-1'], body: ['Jo', 'A-1', 'Friday'] })).toEqual(
      [],
    );
    expect(
      validateTemplateValues(named, { body: { first_name: 'Ana', code: 'X1' }, headerMedia: { id: '123' } }),
    ).toEqual([]);
  });

  it('names each missing or blank value', () => {
    expect(validateTemplateValues(positional, { body: ['Jo', '  '] })).toEqual([
      'Header variable {{1}} is missing.',
      'Body variable {{2}} is missing.',
      'Body variable {{3}} is missing.',
    ]);
    expect(validateTemplateValues(named, { body: { first_name: 'Ana' } })).toEqual([
      'Body variable {{code}} is missing.',
      'The header image is missing: give a link or an uploaded media id.',
    ]);
  });

  it('rejects what Meta rejects: new lines, tabs, 5+ spaces, non-http links', () => {
    expect(
      validateTemplateValues(positional, { header: ['a\tb'], body: ['Jo\nDoe', 'a     b', 'ok'] }),
    ).toEqual([
      'Header variable {{1}} must not contain new lines, tabs or more than 4 consecutive spaces.',
      'Body variable {{1}} must not contain new lines, tabs or more than 4 consecutive spaces.',
      'Body variable {{2}} must not contain new lines, tabs or more than 4 consecutive spaces.',
    ]);
    expect(
      validateTemplateValues(named, {
        body: { first_name: 'A', code: 'B' },
        headerMedia: { link: 'ftp://x/y.jpg' },
      }),
    ).toEqual(['The header image link must start with http:// or https://.']);
  });
});

describe('buildTemplateComponents and renderTemplateText', () => {
  it('builds positional text parameters in numeric order', () => {
    expect(buildTemplateComponents(positional, { header: ['A-1'], body: ['Jo', 'A-1', 'Friday'] })).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'A-1' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Jo' },
          { type: 'text', text: 'A-1' },
          { type: 'text', text: 'Friday' },
        ],
      },
    ]);
  });

  it('builds named parameters and a header media by link or id', () => {
    expect(
      buildTemplateComponents(named, {
        body: { code: 'X1', first_name: 'Ana' },
        headerMedia: { link: 'https://x.y/a.jpg' },
      }),
    ).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.y/a.jpg' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'first_name', text: 'Ana' },
          { type: 'text', parameter_name: 'code', text: 'X1' },
        ],
      },
    ]);
    const doc = {
      components: [
        { type: 'HEADER', format: 'DOCUMENT' },
        { type: 'BODY', text: 'Your invoice' },
      ],
    };
    expect(buildTemplateComponents(doc, { headerMedia: { id: '77', filename: 'inv.pdf' } })).toEqual([
      { type: 'header', parameters: [{ type: 'document', document: { id: '77', filename: 'inv.pdf' } }] },
    ]);
    const video = { components: [{ type: 'HEADER', format: 'VIDEO' }] };
    expect(buildTemplateComponents(video, { headerMedia: { id: '9', link: 'https://ignored' } })).toEqual([
      { type: 'header', parameters: [{ type: 'video', video: { id: '9' } }] },
    ]);
  });

  it('builds nothing for a template without variables', () => {
    const hello = {
      components: [
        { type: 'BODY', text: 'Hello World' },
        { type: 'FOOTER', text: 'Team' },
      ],
    };
    expect(buildTemplateComponents(hello, {})).toEqual([]);
    expect(renderTemplateText(hello, {})).toBe('Hello World\n\nTeam');
  });

  it('renders what the customer sees, every occurrence filled', () => {
    expect(renderTemplateText(positional, { header: ['A-1'], body: ['Jo', 'A-1', 'Friday'] })).toBe(
      'Order A-1\n\nHi Jo, your order A-1 ships on Friday. Thanks, Jo!\n\nReply STOP to opt out',
    );
    expect(renderTemplateText(named, { body: { first_name: 'Ana', code: 'X1' } })).toBe(
      'Olá Ana, seu código é X1.',
    );
    expect(renderTemplateText(positional, { body: ['Jo'] })).toBe(
      'Order {{1}}\n\nHi Jo, your order {{2}} ships on {{3}}. Thanks, Jo!\n\nReply STOP to opt out',
    );
  });
});

describe('prepareTemplateMessage', () => {
  it('returns components and text when valid, errors otherwise', () => {
    const ok = prepareTemplateMessage(named, { body: ['Ana', 'X1'], headerMedia: { id: '5' } });
    expect(ok).toEqual({
      ok: true,
      headerMedia: 'image',
      text: 'Olá Ana, seu código é X1.',
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { id: '5' } }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', parameter_name: 'first_name', text: 'Ana' },
            { type: 'text', parameter_name: 'code', text: 'X1' },
          ],
        },
      ],
    });
    expect(prepareTemplateMessage(named, { body: ['Ana'] })).toEqual({
      ok: false,
      errors: [
        'Body variable {{code}} is missing.',
        'The header image is missing: give a link or an uploaded media id.',
      ],
    });
  });
});
