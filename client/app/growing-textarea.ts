import type { CSSProperties } from 'react';

/**
 * Browsers that size a textarea to its content in CSS (`field-sizing: content`, Chromium 123+). There the
 * text boxes grow without Mantine's autosize, which measures a hidden copy of the text in a layout effect
 * on every render of its parent and so forced a layout of the whole page each time (in the bench's profile:
 * 27 ms per reply from the composer, more from the customer profile's and the request's boxes beside it).
 */
const CSS_GROWS = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

/** Props for a Mantine Textarea that grows from `minRows` up to `maxRows` lines, then scrolls. */
export function growingTextarea(maxRows: number, options: { minRows?: number; input?: CSSProperties } = {}) {
  const { minRows = 1, input = {} } = options;
  if (!CSS_GROWS) return { autosize: true, minRows, maxRows, styles: { input } } as const;
  // Mantine's textarea padding above and below the lines.
  const lines = (n: number) => `calc(${n}lh + 2 * var(--input-padding-y, 0.5rem))`;
  return {
    autosize: false,
    rows: minRows,
    styles: {
      input: { ...input, fieldSizing: 'content', minHeight: lines(minRows), maxHeight: lines(maxRows) },
    },
  } as const;
}
