/** Small specs for the editor's unit tests and the benchmark. */
import { API_VERSION, KIND, serializeSpec, type AgentSpec, type SpecNode } from '$lib/spec';

export function pipelineSpec(): AgentSpec {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: 'pizza' },
    variables: { shop: 'Luigi' },
    nodes: [
      { id: 'ears', type: 'stt', provider: 'deepgram', model: 'nova-3' },
      { id: 'brain', type: 'llm', provider: 'openai', model: 'gpt-4o-mini' },
      { id: 'mouth', type: 'tts', provider: 'openai', voice: 'coral' },
      { id: 'persona', type: 'prompt', role: 'instructions', text: 'You sell pizza at {{shop}}.' }
    ],
    edges: [
      { from: 'ears', to: 'brain' },
      { from: 'brain', to: 'mouth' },
      { from: 'persona', to: 'brain' }
    ],
    layout: { ears: { x: 0, y: 100 }, brain: { x: 300, y: 100 }, mouth: { x: 600, y: 100 }, persona: { x: 150, y: 0 } }
  } as AgentSpec;
}

export const pipelineYaml = (): string => serializeSpec(pipelineSpec());

/** A big spec: one pipeline plus `count - 4` mcp nodes wired into the llm (valid, large). */
export function bigSpec(count: number, withLayout = true): AgentSpec {
  const spec = pipelineSpec();
  const extra: SpecNode[] = [];
  for (let i = 0; extra.length < count - spec.nodes.length; i++) {
    extra.push({ id: `tools-${i}`, type: 'mcp', server: 'everything', prefix: `t${i}`, tools: { include: ['echo'] } } as SpecNode);
  }
  spec.nodes = [...spec.nodes, ...extra];
  spec.edges = [...(spec.edges ?? []), ...extra.map((n) => ({ from: n.id, to: 'brain' }))];
  if (withLayout) extra.forEach((n, i) => (spec.layout![n.id] = { x: (i % 20) * 240, y: 300 + Math.floor(i / 20) * 120 }));
  else delete spec.layout;
  return spec;
}
