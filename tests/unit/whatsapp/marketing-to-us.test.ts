import { describe, expect, it } from 'vitest';
import { marketingTemplateWarning } from '../../../schema/whatsapp/marketing-to-us.ts';

describe('marketingTemplateWarning', () => {
  it('warns for MARKETING templates to +1 numbers only', () => {
    expect(marketingTemplateWarning('MARKETING', '+1 650 555 1234')).toMatch(/131049/);
    expect(marketingTemplateWarning('marketing', '+16505551234')).toMatch(/US \(\+1\)/);
    expect(marketingTemplateWarning('UTILITY', '+16505551234')).toBeNull();
    expect(marketingTemplateWarning('MARKETING', '+420777000111')).toBeNull();
    expect(marketingTemplateWarning('MARKETING', '@username')).toBeNull();
  });
});
