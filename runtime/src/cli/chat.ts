/**
 * `agentspec chat <file>`: a text conversation with a spec through the runtime assembly.
 * With `say` the listed messages are sent in order and the command ends; without, it reads
 * lines from stdin until EOF or `/quit`.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { RuntimeError, toErrorBody } from '../errors.js';
import { TextSession } from '../text-session.js';
import type { TraceEvent } from '../trace.js';
import { loadLocalSpec, localSessionOptions } from './local-spec.js';

export interface ChatIo {
  out(text: string): void;
  err(text: string): void;
}

export interface ChatOptions {
  /** messages to send, in order; omitted → interactive */
  say?: string | string[];
  vars?: Record<string, string>;
  /** NDJSON trace events instead of a transcript */
  json?: boolean;
  mcpServersFile?: string;
  io?: ChatIo;
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: Readable;
}

export interface ChatResult {
  exitCode: number;
  replies: string[];
}

const defaultIo: ChatIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`)
};

function describe(e: TraceEvent): string | undefined {
  switch (e.type) {
    case 'agent':
      return `agent> ${e.text}`;
    case 'tool_call': {
      const timing = [e.durationMs !== undefined ? `${Math.round(e.durationMs)} ms` : '', e.cacheHit ? 'cache hit' : ''].filter(Boolean).join(', ');
      const outcome = e.isError ? `error: ${e.error ?? e.result ?? ''}` : (e.result ?? '');
      return `  ↳ ${e.name}(${JSON.stringify(e.args)}) → ${outcome}${timing ? ` (${timing})` : ''}`;
    }
    case 'status':
      return e.status === 'mcp_error' || e.status === 'mcp_disconnected' ? `  ! MCP ${e.server ?? ''}: ${e.message ?? e.status}` : undefined;
    case 'error':
      return `  ! ${e.source}: ${e.message}`;
    default:
      return undefined;
  }
}

export async function runChat(specPath: string, opts: ChatOptions = {}): Promise<ChatResult> {
  const io = opts.io ?? defaultIo;
  const env = opts.env ?? process.env;
  const replies: string[] = [];
  let session: TextSession | undefined;
  try {
    const local = await loadLocalSpec(specPath, { mcpServersFile: opts.mcpServersFile, cwd: opts.cwd });
    session = await TextSession.create(local.spec, localSessionOptions(local, env, opts.vars));
    const print = (e: TraceEvent) => {
      if (opts.json) {
        if (e.type !== 'agent_delta') io.out(JSON.stringify(e));
        return;
      }
      const line = describe(e);
      if (line) io.out(line);
    };
    for (const e of session.history) print(e);
    session.subscribe(print);

    const turn = async (text: string) => {
      if (!opts.json) io.out(`you> ${text}`);
      const result = await session!.send(text);
      replies.push(result.reply);
    };
    const said = opts.say === undefined ? undefined : Array.isArray(opts.say) ? opts.say : [opts.say];
    if (said) {
      for (const text of said) await turn(text);
    } else {
      const rl = createInterface({ input: opts.input ?? process.stdin, terminal: false });
      for await (const raw of rl) {
        const text = raw.trim();
        if (text === '/quit' || text === '/exit') break;
        if (text) await turn(text);
      }
      rl.close();
    }
    return { exitCode: 0, replies };
  } catch (e) {
    const { error } = toErrorBody(e);
    io.err(`agentspec chat: ${error.message}`);
    return { exitCode: e instanceof RuntimeError && e.code === 'turn_failed' ? 1 : 2, replies };
  } finally {
    await session?.close();
  }
}
