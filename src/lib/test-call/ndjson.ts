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

/** Reads a byte stream to its end, handing each JSON line to `onValue`. */
export async function readNdjson(
  body: ReadableStream<Uint8Array>,
  onValue: (value: unknown) => void,
  onBadLine?: (error: NdjsonLineError) => void
): Promise<void> {
  const parser = new NdjsonParser(onValue, onBadLine);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
