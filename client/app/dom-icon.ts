import type { IconNode } from '@tabler/icons-react';

const SVG = 'http://www.w3.org/2000/svg';
const made = new Map<string, SVGSVGElement>();

/**
 * A Tabler outline icon as a plain SVG element, for the rows of long lists that are built without React
 * (the Chats table): the same drawing as the icon's React component, made once per icon, size and colour
 * and cloned after that, which costs the browser one native call instead of an element per path.
 */
export function iconElement(name: string, node: IconNode, size: number, color: string): SVGSVGElement {
  const key = `${name}|${size}|${color}`;
  let svg = made.get(key);
  if (!svg) {
    svg = document.createElementNS(SVG, 'svg');
    const attrs: Record<string, string> = {
      width: String(size),
      height: String(size),
      viewBox: '0 0 24 24',
      fill: 'none',
      stroke: color,
      'stroke-width': '2',
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      class: `tabler-icon tabler-icon-${name}`,
      'aria-hidden': 'true',
    };
    for (const [k, v] of Object.entries(attrs)) svg.setAttribute(k, v);
    for (const [tag, pathAttrs] of node) {
      const child = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(pathAttrs)) if (k !== 'key') child.setAttribute(k, v);
      svg.appendChild(child);
    }
    made.set(key, svg);
  }
  return svg.cloneNode(true) as SVGSVGElement;
}
