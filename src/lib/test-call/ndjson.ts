/**
 * Newline-delimited JSON from a fetch body. Network chunks split lines anywhere (even inside a
 * multi-byte character), so bytes are decoded in streaming mode and only whole lines are parsed.
 */

export interface NdjsonLineError {
  line: string;
  message: string;
}

/** Push text in, get parsed values out; `end()` flushes a last line without its newline. */
export class NdjsonParser {
  private buffer = '';

  constructor(
    private readonly onValue: (value: unknown) => void,
    private readonly onBadLine: (error: NdjsonLineError) => void = () => undefined
  ) {}

  push(text: string): void {
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.parseLine(line);
    }
  }

  end(): void {
    const rest = this.buffer;
    this.buffer = '';
    this.parseLine(rest);
  }

  private parseLine(raw: string): void {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      this.onBadLine({ line, message: (e as Error).message });
      return;
    }
    this.onValue(value);
  }
}

/**
 * Reads a byte stream to its end, handing each JSON line to `onValue`. Aborting `signal` cancels
 * the reader itself, so a stalled body ends even when the fetch ignores the abort.
 */
export async function readNdjson(
  body: ReadableStream<Uint8Array>,
  onValue: (value: unknown) => void,
  opts: { onBadLine?: (error: NdjsonLineError) => void; signal?: AbortSignal } = {}
): Promise<void> {
  const parser = new NdjsonParser(onValue, opts.onBadLine);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const cancel = () => void reader.cancel(opts.signal?.reason).catch(() => undefined);
  if (opts.signal?.aborted) cancel();
  opts.signal?.addEventListener('abort', cancel);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}
