import { describe, expect, it } from 'vitest';
import { CannedShortcut, matchCannedResponses, renderCannedResponse } from '../../schema/canned-response.ts';

describe('renderCannedResponse', () => {
  it('fills in the customer, the operator and the business number', () => {
    expect(
      renderCannedResponse('Hello {{customer.name}}, this is {{ operator.name }} from {{business.number}}.', {
        'customer.name': 'Jana',
        'operator.name': 'Olga',
        'business.number': '+1 555 0100',
      }),
    ).toBe('Hello Jana, this is Olga from +1 555 0100.');
  });

  it('drops a variable without a value together with the space before it', () => {
    expect(renderCannedResponse('Hello {{customer.name}}, thanks!', { 'customer.name': '  ' })).toBe(
      'Hello, thanks!',
    );
  });

  it('keeps an unknown variable as typed, so the typo is seen', () => {
    expect(renderCannedResponse('Hi {{customer.nmae}}', { 'customer.name': 'Jana' })).toBe(
      'Hi {{customer.nmae}}',
    );
  });
});

describe('matchCannedResponses', () => {
  const responses = [
    { shortcut: 'refund', title: 'How refunds work' },
    { shortcut: 'hours', title: 'Opening hours' },
    { shortcut: 'thanks', title: 'Thank you for waiting' },
  ];
  it('lists shortcut matches first, then title matches', () => {
    expect(matchCannedResponses(responses, 'ho').map((r) => r.shortcut)).toEqual(['hours', 'refund']);
    expect(matchCannedResponses(responses, 'wait').map((r) => r.shortcut)).toEqual(['thanks']);
    expect(matchCannedResponses(responses, '').length).toBe(3);
  });
});

describe('CannedShortcut', () => {
  it('takes lower-case words without spaces', () => {
    expect(CannedShortcut.parse(' Refund-2 ')).toBe('refund-2');
    expect(CannedShortcut.safeParse('two words').success).toBe(false);
    expect(CannedShortcut.safeParse('').success).toBe(false);
  });
});
