// The tab's icon with the number of unread conversations, so an operator sees new work from another tab.
// Drawn on a canvas (no image files to keep in sync); `data-count` on the link says what it shows.

const SIZE = 32;

function iconLink(): HTMLLinkElement {
  const existing = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
  if (existing) return existing;
  const link = document.createElement('link');
  link.rel = 'icon';
  document.head.append(link);
  return link;
}

export function showFaviconCount(count: number): void {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const g = canvas.getContext('2d');
  if (!g) return;
  // The app's mark: a speech bubble.
  g.fillStyle = '#0c8599';
  g.beginPath();
  g.arc(15, 15, 13, 0, 2 * Math.PI);
  g.moveTo(6, 24);
  g.lineTo(3, 31);
  g.lineTo(12, 27);
  g.fill();
  if (count > 0) {
    g.fillStyle = '#e03131';
    g.beginPath();
    g.arc(23, 9, 9, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = 'bold 12px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(count > 9 ? '9+' : String(count), 23, 10);
  }
  const link = iconLink();
  link.href = canvas.toDataURL('image/png');
  link.dataset.count = String(count);
}
