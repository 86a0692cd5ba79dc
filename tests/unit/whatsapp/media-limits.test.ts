import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMedia, MEDIA_LIMITS, mediaKindFor } from '../../../schema/whatsapp/media-limits.ts';

const MB = 1024 * 1024;

describe('mediaKindFor', () => {
  it.each([
    ['image/jpeg', 'image'],
    ['image/png', 'image'],
    ['IMAGE/PNG', 'image'],
    ['video/mp4', 'video'],
    ['video/3gpp', 'video'],
    ['audio/ogg; codecs=opus', 'audio'],
    ['audio/mpeg', 'audio'],
    ['audio/amr', 'audio'],
    ['application/pdf', 'document'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'document'],
    ['text/plain', 'document'],
    ['image/webp', 'sticker'],
    ['image/gif', null],
    ['application/zip', null],
    ['', null],
  ] as const)('%s → %s', (mime, kind) => {
    expect(mediaKindFor(mime)).toBe(kind);
  });
});

describe('checkMedia', () => {
  it('accepts files up to each limit and rejects one byte more', () => {
    expect(checkMedia('image/jpeg', 5 * MB)).toEqual({ ok: true, kind: 'image' });
    expect(checkMedia('image/jpeg', 5 * MB + 1)).toEqual({
      ok: false,
      error: 'The image is 5 MB; WhatsApp accepts at most 5 MB for this type.',
    });
    expect(checkMedia('video/mp4', 16 * MB).ok).toBe(true);
    expect(checkMedia('video/mp4', 16 * MB + 1).ok).toBe(false);
    expect(checkMedia('audio/aac', 16 * MB + 1).ok).toBe(false);
    expect(checkMedia('application/pdf', 100 * MB).ok).toBe(true);
    expect(checkMedia('application/pdf', 100 * MB + 1).ok).toBe(false);
  });

  it('distinguishes static (100 KB) and animated (500 KB) stickers', () => {
    expect(checkMedia('image/webp', 100 * 1024).ok).toBe(true);
    expect(checkMedia('image/webp', 200 * 1024)).toEqual({
      ok: false,
      error: 'The sticker is 200 KB; WhatsApp accepts at most 100 KB for this type.',
    });
    expect(checkMedia('image/webp', 200 * 1024, { animatedSticker: true }).ok).toBe(true);
    expect(checkMedia('image/webp', 501 * 1024, { animatedSticker: true }).ok).toBe(false);
  });

  it('explains unsupported types and empty files', () => {
    expect(checkMedia('image/gif; x=1', 10)).toEqual({
      ok: false,
      error: 'WhatsApp does not accept files of type image/gif.',
    });
    expect(checkMedia('image/png', 0)).toEqual({ ok: false, error: 'The file is empty.' });
  });

  it('lists the documented limits', () => {
    expect(MEDIA_LIMITS.image.maxBytes).toBe(5 * MB);
    expect(MEDIA_LIMITS.audio.mimeTypes).toEqual([
      'audio/aac',
      'audio/amr',
      'audio/mpeg',
      'audio/mp4',
      'audio/ogg',
    ]);
  });
});

describe('browser safety', () => {
  // The composer, the template form and the mutators import these in the browser: no Node built-ins,
  // directly or not. (npm run lint keeps schema/ and client/ from importing server/ at all.)
  const folder = new URL('../../../schema/whatsapp/', import.meta.url);
  const browserModules = readdirSync(folder).filter((name) => name.endsWith('.ts'));

  it('covers the shared WhatsApp rules', () => {
    expect(browserModules).toEqual(
      expect.arrayContaining(['media-limits.ts', 'render-template.ts', 'template-schema.ts']),
    );
  });

  it.each(browserModules)('%s imports no Node built-ins', (file) => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const source = readFileSync(new URL(name, folder), 'utf8');
      const imports = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
      for (const specifier of imports) {
        expect(specifier, `${name} imports ${specifier}`).not.toMatch(/^node:|^(fs|crypto|path|buffer)$/);
        if (specifier.startsWith('./')) visit(specifier.slice(2));
      }
    };
    visit(file);
  });
});
