/** Spec problems → CodeMirror diagnostics (1-based line/col → document offsets, clamped to the text). */
import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { Problem } from '$lib/spec';

export function offsetOf(doc: Text, line: number, col: number): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, col - 1), l.to);
}

export function toDiagnostics(doc: Text, problems: readonly Problem[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of problems) {
    const line = p.line > 0 ? p.line : 1;
    const from = offsetOf(doc, line, p.line > 0 ? p.col || 1 : 1);
    let to = p.endLine ? offsetOf(doc, p.endLine, p.endCol ?? 1) : doc.line(Math.min(line, doc.lines)).to;
    if (to <= from) to = Math.min(doc.line(Math.min(line, doc.lines)).to, doc.length);
    const where = p.path ? ` [${p.path}]` : '';
    out.push({ from, to: Math.max(from, to), severity: p.severity, message: p.message + where, source: 'agent spec' });
  }
  return out;
}

/**
 * The smallest single replacement turning `a` into `b` (common prefix and suffix kept), so an
 * external update leaves the cursor and scroll position of the YAML view where they were.
 */
export function minimalChange(a: string, b: string): { from: number; to: number; insert: string } | null {
  if (a === b) return null;
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}
