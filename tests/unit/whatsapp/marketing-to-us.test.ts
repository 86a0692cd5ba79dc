import { describe, expect, it } from 'vitest';
import { isMarketingToUsNumber } from '../../../schema/whatsapp/marketing-to-us.ts';

describe('isMarketingToUsNumber', () => {
  it('holds for MARKETING templates to +1 numbers only', () => {
    expect(isMarketingToUsNumber('MARKETING', '+1 650 555 1234')).toBe(true);
    expect(isMarketingToUsNumber('marketing', '+1 (650) 555-1234')).toBe(true);
    expect(isMarketingToUsNumber('UTILITY', '+16505551234')).toBe(false);
    expect(isMarketingToUsNumber('MARKETING', '+420777000111')).toBe(false);
    expect(isMarketingToUsNumber('MARKETING', '@username')).toBe(false);
  });
});
