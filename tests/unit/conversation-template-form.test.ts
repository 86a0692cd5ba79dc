import { describe, expect, it } from 'vitest';
import { matchesTemplate, paramsFor } from '../../client/conversation/template-form.ts';
import { nextLimit } from '../../client/conversation/use-conversation-messages.ts';

const positional = {
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hello {{2}} and {{1}}, order {{3}}.' },
  ],
};
const named = {
  parameter_format: 'NAMED',
  components: [{ type: 'BODY', text: 'Hi {{first_name}}, see you {{day}}.' }],
};

describe('template form', () => {
  it('matches every search word against name (also with spaces), language and category', () => {
    const t = { name: 'order_update', language: 'en_US', category: 'UTILITY' };
    expect(matchesTemplate(t, 'order update')).toBe(true);
    expect(matchesTemplate(t, 'UTILITY en_us')).toBe(true);
    expect(matchesTemplate(t, 'marketing')).toBe(false);
    expect(matchesTemplate(t, '')).toBe(true);
  });

  it('sends positional values as arrays by number, header and body apart', () => {
    const values = { 'header:1': 'SKB-42', 'body:1': 'Tom', 'body:2': 'Jana', 'body:3': 'SKB-42' };
    expect(paramsFor(positional, values, 'header')).toEqual(['SKB-42']);
    expect(paramsFor(positional, values, 'body')).toEqual(['Tom', 'Jana', 'SKB-42']);
    // Empty fields stay as empty strings (the validation names them), never holes.
    expect(paramsFor(positional, {}, 'body')).toEqual(['', '', '']);
  });

  it('sends named values as a record and nothing for a part without variables', () => {
    expect(paramsFor(named, { 'body:first_name': 'Jana', 'body:day': 'Monday' }, 'body')).toEqual({
      first_name: 'Jana',
      day: 'Monday',
    });
    expect(paramsFor(named, {}, 'header')).toBeUndefined();
  });
});

describe('thread paging', () => {
  it('grows by at least a page and doubles what is loaded, up to the cap', () => {
    expect(nextLimit(100)).toBe(300);
    expect(nextLimit(1000)).toBe(2000);
    let limit = 100;
    let steps = 0;
    while (limit < 10_000) {
      limit = nextLimit(limit);
      steps++;
    }
    expect(steps).toBeLessThanOrEqual(7);
    expect(nextLimit(19_999)).toBe(20_000);
    expect(nextLimit(20_000)).toBe(20_000);
  });
});
