/** One reported figure, next to its target. `met` is null when there is no numeric target. */
export type Figure = {
  id: string;
  what: string;
  target: string;
  value: number | null;
  unit: string;
  met: boolean | null;
  note?: string;
};

export type ScenarioResult = { name: string; figures: Figure[]; details: Record<string, unknown> };

export function figure(
  id: string,
  what: string,
  value: number | null,
  unit: string,
  target?: { op: '<=' | '>='; value: number; label?: string },
  note?: string,
): Figure {
  const met =
    target && value !== null && Number.isFinite(value)
      ? target.op === '<='
        ? value <= target.value
        : value >= target.value
      : null;
  const f: Figure = {
    id,
    what,
    target: target ? (target.label ?? `${target.op === '<=' ? '≤' : '≥'} ${target.value} ${unit}`) : '—',
    value,
    unit,
    met,
  };
  if (note) f.note = note;
  return f;
}

const fmt = (v: number | null) => {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
};

export function markdownTable(figures: Figure[]): string {
  const lines = ['| figure | target | measured | met |', '|---|---|---|---|'];
  for (const f of figures) {
    const met = f.met === null ? '—' : f.met ? 'yes' : '**no**';
    const note = f.note ? ` (${f.note})` : '';
    lines.push(`| ${f.what} | ${f.target} | ${fmt(f.value)} ${f.unit}${note} | ${met} |`);
  }
  return lines.join('\n');
}

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->` in a Markdown file. */
export function replaceBlock(text: string, name: string, block: string): string | null {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return null;
  return `${text.slice(0, a + begin.length)}\n${block}\n${text.slice(b)}`;
}
