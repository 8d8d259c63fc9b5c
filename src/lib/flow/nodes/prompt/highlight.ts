import { placeholders } from '../../../spec/template';

/** Splits prompt text into plain runs and {{placeholder}} runs for the highlighting backdrop. */
export interface Segment {
  text: string;
  variable?: string;
}

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const { name, offset, length } of placeholders(text)) {
    if (offset > last) out.push({ text: text.slice(last, offset) });
    out.push({ text: text.slice(offset, offset + length), variable: name });
    last = offset + length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
