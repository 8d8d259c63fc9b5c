/** Small text helpers for the panel. */

/** "123 ms" / "1.2 s" */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `a \`code\` b` → segments; server messages quote commands and variables in backticks. */
export function codeSpans(text: string): Array<{ text: string; code: boolean }> {
  return text
    .split(/(`[^`\n]+`)/)
    .filter(Boolean)
    .map((part) => (/^`[^`]+`$/.test(part) ? { text: part.slice(1, -1), code: true } : { text: part, code: false }));
}
