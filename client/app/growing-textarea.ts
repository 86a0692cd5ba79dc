import type { CSSProperties } from 'react';

/**
 * Browsers that size a textarea to its content in CSS (`field-sizing: content`, Chromium 123+). There the
 * composers grow without Mantine's autosize, which measures a hidden copy of the text on every change and
 * forced a layout of the whole page per key press (about 27 ms per reply in the bench's profile).
 */
const CSS_GROWS = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

/** Props for a Mantine Textarea that grows from one line up to `maxRows`, then scrolls. */
export function growingTextarea(maxRows: number, input: CSSProperties = {}) {
  if (!CSS_GROWS) return { autosize: true, minRows: 1, maxRows, styles: { input } } as const;
  return {
    autosize: false,
    rows: 1,
    styles: {
      input: {
        ...input,
        fieldSizing: 'content',
        // Mantine's textarea padding above and below the lines.
        maxHeight: `calc(${maxRows}lh + 2 * var(--input-padding-y, 0.5rem))`,
      } as CSSProperties,
    },
  } as const;
}
