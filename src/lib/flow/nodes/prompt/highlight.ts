/** Splits prompt text into plain runs and {{placeholder}} runs for the highlighting backdrop. */
export interface Segment {
  text: string;
  variable?: string;
}

// Same placeholder syntax as the spec's template module: {{ name }} with an identifier inside.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: m[0], variable: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
