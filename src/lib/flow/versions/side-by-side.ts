/** A unified diff (as the diff API returns it) laid out as two columns, hunk by hunk. */
export interface Cell {
  no: number;
  text: string;
  kind: 'same' | 'del' | 'add';
}

export type Row = { type: 'hunk'; header: string } | { type: 'line'; left: Cell | null; right: Cell | null };

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

export function sideBySide(unified: string): Row[] {
  const rows: Row[] = [];
  let left = 0;
  let right = 0;
  let dels: Cell[] = [];
  let adds: Cell[] = [];
  let inHunk = false;
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push({ type: 'line', left: dels[i] ?? null, right: adds[i] ?? null });
    dels = [];
    adds = [];
  };
  for (const line of unified.split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      flush();
      left = Number(hunk[1]);
      right = Number(hunk[2]);
      inHunk = true;
      rows.push({ type: 'hunk', header: line });
      continue;
    }
    if (!inHunk || line.startsWith('\\')) continue;
    const text = line.slice(1);
    if (line.startsWith('-')) dels.push({ no: left++, text, kind: 'del' });
    else if (line.startsWith('+')) adds.push({ no: right++, text, kind: 'add' });
    else if (line.startsWith(' ')) {
      flush();
      rows.push({ type: 'line', left: { no: left++, text, kind: 'same' }, right: { no: right++, text, kind: 'same' } });
    }
  }
  flush();
  return rows;
}
