import { describe, expect, it } from 'vitest';
import { emptyTranscript, reduceAll, reduceTranscript, type TranscriptAction } from './transcript';

const at = 1;
/** A turn as the playground streams it: user echo, tool call, deltas, final text, metrics, done. */
const toolTurn: TranscriptAction[] = [
  { type: 'send', text: 'call menu_add with {"a":20,"b":22}' },
  { type: 'user', at, text: 'call menu_add with {"a":20,"b":22}', final: true },
  { type: 'metrics', at, kind: 'llm', llmTtftMs: 12.5, durationMs: 20 },
  { type: 'tool_call', at, callId: 'c1', name: 'menu_add', args: { a: 20, b: 22 }, result: '"42"', isError: false, durationMs: 3.2, cacheHit: false, server: 'menu-api' },
  { type: 'metrics', at, kind: 'llm', llmTtftMs: 8, durationMs: 15 },
  { type: 'agent_delta', at, text: 'Tool res' },
  { type: 'agent_delta', at, text: 'ult: "42"' },
  { type: 'agent', at, text: 'Tool result: "42"' },
  { type: 'metrics', at, kind: 'turn', llmTtftMs: 8 },
  { type: 'done', reply: 'Tool result: "42"', toolCalls: ['menu_add'], durationMs: 61 }
];

describe('reduceTranscript', () => {
  it('folds a tool-calling turn into user, tool, agent and latency rows', () => {
    const t = reduceAll(toolTurn);
    expect(t.rows.map((r) => r.kind)).toEqual(['user', 'tool', 'agent', 'latency']);
    expect(t.rows[1]).toMatchObject({ name: 'menu_add', args: { a: 20, b: 22 }, result: '"42"', durationMs: 3.2, server: 'menu-api' });
    expect(t.rows[2]).toMatchObject({ text: 'Tool result: "42"', streaming: false });
    expect(t.rows[3]).toMatchObject({ llmTtftMs: 12.5, llmCalls: 2, totalMs: 61, toolMs: 3.2 });
    expect(t.turn).toBeNull();
  });

  it('streams deltas into one growing agent row before the final text', () => {
    const mid = reduceAll(toolTurn.slice(0, 7));
    const agent = mid.rows.at(-1);
    expect(agent).toMatchObject({ kind: 'agent', text: 'Tool result: "42"', streaming: true });
  });

  it('finalises a message streamed before a tool call, and starts a new row after it', () => {
    const t = reduceAll([
      { type: 'send', text: 'what is on the menu?' },
      { type: 'agent_delta', at, text: 'Let me check.' },
      { type: 'tool_call', at, callId: 'c1', name: 'menu_get', args: {}, result: '[]', isError: false },
      { type: 'agent_delta', at, text: 'Nothing' },
      { type: 'agent', at, text: 'Let me check.' },
      { type: 'agent', at, text: 'Nothing today.' },
      { type: 'done', reply: 'Let me check.\nNothing today.', toolCalls: ['menu_get'], durationMs: 10 }
    ]);
    expect(t.rows.filter((r) => r.kind === 'agent').map((r) => (r.kind === 'agent' ? [r.text, r.streaming] : null))).toEqual([
      ['Let me check.', false],
      ['Nothing today.', false]
    ]);
  });

  it('adds the reply from done when no agent text streamed', () => {
    const t = reduceAll([{ type: 'send', text: 'hi' }, { type: 'done', reply: 'Hello!', toolCalls: [], durationMs: 5 }]);
    expect(t.rows.map((r) => r.kind)).toEqual(['user', 'agent', 'latency']);
    expect(t.rows[2]).toMatchObject({ llmTtftMs: undefined, llmCalls: 0, totalMs: 5 });
  });

  it('shows a failed turn as an explained error and leaves no row streaming', () => {
    const t = reduceAll([
      { type: 'send', text: 'hi' },
      { type: 'agent_delta', at, text: 'Hel' },
      { type: 'failed', error: { code: 'turn_failed', message: 'The agent could not answer: 401 invalid api key' } }
    ]);
    expect(t.rows.some((r) => r.kind === 'agent' && r.streaming)).toBe(false);
    expect(t.rows.at(-1)).toMatchObject({ kind: 'notice', level: 'error', title: 'The agent could not answer', text: expect.stringContaining('401') });
  });

  it('tracks MCP servers and says once when one is down, and when it is back', () => {
    let t = reduceTranscript(emptyTranscript(), {
      type: 'session',
      tools: [],
      mcpServers: [{ nodeId: 'menu', server: 'menu-api', state: 'connecting', tools: [] }]
    });
    expect(t.mcp.menu.state).toBe('connecting');
    expect(t.rows).toEqual([]);
    const down: TranscriptAction = { type: 'status', at, status: 'mcp_error', server: 'menu', message: 'ECONNREFUSED 127.0.0.1:1' };
    t = reduceAll([down, down, { type: 'session', mcpServers: [{ nodeId: 'menu', server: 'menu-api', state: 'error', tools: [], error: { code: 'x', message: 'ECONNREFUSED 127.0.0.1:1' } }] }], t);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]).toMatchObject({ kind: 'notice', level: 'warn', title: 'MCP server "menu" is unavailable', text: 'ECONNREFUSED 127.0.0.1:1' });
    t = reduceTranscript(t, { type: 'status', at, status: 'mcp_connected', server: 'menu', tools: ['menu_echo'] });
    expect(t.mcp.menu).toEqual({ state: 'connected', tools: ['menu_echo'] });
    expect(t.rows.at(-1)).toMatchObject({ kind: 'notice', level: 'info', title: 'MCP server "menu" is back' });
  });

  it('updates the tool list from tools_ready / tools_changed', () => {
    const t = reduceAll([{ type: 'status', at, status: 'tools_changed', tools: ['a_x', 'a_y'] }]);
    expect(t.tools).toEqual(['a_x', 'a_y']);
  });

  it('keeps the greeting and does not duplicate the echoed user message', () => {
    const t = reduceAll([
      { type: 'agent', at, text: 'Hi, this is Luigi.', greeting: true },
      { type: 'send', text: 'hello' },
      { type: 'user', at, text: 'hello', final: true }
    ]);
    expect(t.rows.map((r) => r.kind)).toEqual(['agent', 'user']);
    expect(t.rows[0]).toMatchObject({ greeting: true, streaming: false });
  });

  it('shows interim user transcripts (voice) as one row that becomes final', () => {
    const t = reduceAll([
      { type: 'user', at, text: 'I would', final: false },
      { type: 'user', at, text: 'I would like a', final: false },
      { type: 'user', at, text: 'I would like a pizza', final: true }
    ]);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]).toMatchObject({ kind: 'user', text: 'I would like a pizza', final: true });
  });

  it('replaces a repeated tool call event by call id', () => {
    const t = reduceAll([
      { type: 'tool_call', at, callId: 'c1', name: 'x', args: {}, isError: false },
      { type: 'tool_call', at, callId: 'c1', name: 'x', args: {}, result: 'ok', isError: false }
    ]);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]).toMatchObject({ result: 'ok' });
  });
});
