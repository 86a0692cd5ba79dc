import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from '../../client/conversation/linkify.ts';

describe('linkify', () => {
  it('finds http(s) and www links and keeps the rest as text', () => {
    expect(linkify('Track it at https://post.cz/track?id=42 or www.example.com, thanks!')).toEqual([
      { kind: 'text', text: 'Track it at ' },
      { kind: 'link', text: 'https://post.cz/track?id=42', href: 'https://post.cz/track?id=42' },
      { kind: 'text', text: ' or ' },
      { kind: 'link', text: 'www.example.com', href: 'https://www.example.com/' },
      { kind: 'text', text: ', thanks!' },
    ]);
  });

  it('leaves closing brackets and sentence punctuation outside the link, keeps balanced ones', () => {
    const segs = linkify('(see https://en.wikipedia.org/wiki/Foo_(bar)). Done');
    expect(segs[1]).toMatchObject({ kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
    expect(segs[2]).toEqual({ kind: 'text', text: '). Done' });
  });

  it('never links other schemes or markup', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '<a href="javascript:alert(1)">x</a>',
      'file:///etc/passwd',
    ]) {
      expect(linkify(text).filter((s) => s.kind === 'link')).toEqual([]);
    }
    expect(safeHref('https://user:pw@evil.example/')).toBeNull();
    expect(safeHref('http://')).toBeNull();
  });

  it('loses no character: the segments always spell the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const out = linkify(`${s} https://a.io/${s} www.b.cz ${s}`);
        expect(out.map((x) => x.text).join('')).toBe(`${s} https://a.io/${s} www.b.cz ${s}`);
        for (const seg of out) if (seg.kind === 'link') expect(seg.href).toMatch(/^https?:\/\//);
      }),
    );
  });
});
