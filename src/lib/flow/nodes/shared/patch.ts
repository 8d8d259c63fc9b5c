/** Field edits on spec nodes: empty values remove the key so defaults apply and the YAML stays short. */
export function withField<T extends object>(node: T, key: string, value: unknown): T {
  const out = { ...node } as Record<string, unknown>;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete out[key];
  else out[key] = value;
  return out as T;
}

/** `withField` for several fields at once. */
export function withFields<T extends object>(node: T, fields: Record<string, unknown>): T {
  let out = node;
  for (const [k, v] of Object.entries(fields)) out = withField(out, k, v);
  return out;
}

/** A number typed in a field: '' clears it, anything unparsable keeps the text for the validator to flag. */
export function parseNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}
