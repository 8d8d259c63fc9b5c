import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { parseSpec, formatSpecText, formatProblem } from './src/lib/spec/index.ts';
for (const f of readdirSync('agent-specs')) {
  const text = readFileSync('agent-specs/' + f, 'utf8');
  const r = parseSpec(text);
  for (const p of r.problems) console.log(formatProblem(p, f));
  const out = formatSpecText(text);
  if (out !== text) { console.log('reformatted', f); if (process.argv[2] === 'w') writeFileSync('agent-specs/' + f, out); }
  if (formatSpecText(out) !== out) console.log('NOT IDEMPOTENT', f);
}
