import { Anchor } from '@mantine/core';
import { Fragment, useMemo } from 'react';
import { linkify } from './linkify.ts';

/** Customer or operator text as text (React escapes it), with http(s) links clickable. */
export function MessageText({ text }: { text: string }) {
  // Keyed by their offset in the text: stable, unique, and not an array index.
  const segments = useMemo(() => {
    let offset = 0;
    return linkify(text).map((s) => {
      const at = offset;
      offset += s.text.length;
      return { ...s, at };
    });
  }, [text]);
  return (
    <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-text">
      {segments.map((s) =>
        s.kind === 'link' ? (
          <Anchor key={s.at} href={s.href} target="_blank" rel="noopener noreferrer nofollow" inherit>
            {s.text}
          </Anchor>
        ) : (
          <Fragment key={s.at}>{s.text}</Fragment>
        ),
      )}
    </span>
  );
}
