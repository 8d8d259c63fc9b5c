/** Shared test helpers: spec builders and waiting utilities. */
import { initializeLogger } from '@livekit/agents';
import { stringify } from 'yaml';
import type { AgentSpec } from '../../src/lib/spec/schema.js';
import { specFromText } from '../src/spec-load.js';

let loggerReady = false;
/** agents-js needs its logger initialised before any session exists. */
export function quietLogger(): void {
  if (loggerReady) return;
  initializeLogger({ pretty: false, level: 'fatal' });
  loggerReady = true;
}

export interface TextSpecOptions {
  name?: string;
  llmBaseURL: string;
  instructions?: string;
  greeting?: string;
  variables?: Record<string, string | number | boolean>;
  /** required dispatch inputs */
  inputs?: string[];
  mcp?: Array<Record<string, unknown>>;
  tests?: unknown[];
}

/** A valid pipeline spec (deepgram → openai → elevenlabs) whose LLM points at the fake. */
export function pipelineSpecObject(o: TextSpecOptions): Record<string, unknown> {
  const nodes: Record<string, unknown>[] = [
    { id: 'ears', type: 'stt', provider: 'deepgram', model: 'nova-3' },
    { id: 'brain', type: 'llm', provider: 'openai', model: 'fake-model', baseURL: o.llmBaseURL },
    { id: 'mouth', type: 'tts', provider: 'elevenlabs', voice: 'EXAVITQu4vr4xnSDxMaL' },
    { id: 'persona', type: 'prompt', role: 'instructions', text: o.instructions ?? 'You are a test agent.' }
  ];
  const edges = [
    { from: 'ears', to: 'brain' },
    { from: 'brain', to: 'mouth' },
    { from: 'persona', to: 'brain' }
  ];
  if (o.greeting) {
    nodes.push({ id: 'hello', type: 'prompt', role: 'greeting', text: o.greeting });
    edges.push({ from: 'hello', to: 'brain' });
  }
  for (const m of o.mcp ?? []) {
    nodes.push({ type: 'mcp', ...m });
    edges.push({ from: String(m.id), to: 'brain' });
  }
  return {
    apiVersion: 'voice-agent-studio/v1',
    kind: 'Agent',
    metadata: { name: o.name ?? 'test-agent' },
    ...(o.variables ? { variables: o.variables } : {}),
    ...(o.inputs ? { inputs: o.inputs.map((name) => ({ name })) } : {}),
    nodes,
    edges,
    ...(o.tests ? { tests: o.tests } : {})
  };
}

export function pipelineYaml(o: TextSpecOptions): string {
  return stringify(pipelineSpecObject(o));
}

export function pipelineSpec(o: TextSpecOptions): AgentSpec {
  return specFromText(pipelineYaml(o));
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
