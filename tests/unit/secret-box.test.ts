import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../server/crypto/secret-box.ts';

describe('secret box', () => {
  it('round-trips, never stores the plain text, and uses a fresh IV each time', () => {
    const box = createSecretBox('k1');
    const a = box.seal('EAAG-token');
    const b = box.seal('EAAG-token');
    expect(a).not.toContain('EAAG');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('EAAG-token');
  });

  it('refuses a wrong key and a tampered ciphertext', () => {
    const sealed = createSecretBox('k1').seal('secret');
    expect(() => createSecretBox('k2').open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => createSecretBox('k1').open(parts.join('.'))).toThrow();
  });
});
