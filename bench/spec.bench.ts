/**
 * Spec module benchmark: a 500-node spec (prompts and mcp nodes around an llm) through
 * parse + validate + canonicalise. Prints median / p95; the goal is printed, never asserted.
 */
import { parseDocument } from 'yaml';
import { parseSpec, serializeSpec, validateSpec, type AgentSpec } from '../src/lib/spec/index.js';
import { parseYamlFast } from '../src/lib/spec/parse.js';

const GOAL_MEDIAN_MS = 5;
const ITERATIONS = 50;
const WARMUP = 5;

export function bigSpec(nodeCount = 500): AgentSpec {
	const nodes: AgentSpec['nodes'] = [
		{ id: 'ears', type: 'stt', provider: 'deepgram', model: 'nova-3', language: 'en' },
		{ id: 'brain', type: 'llm', provider: 'openai', model: 'gpt-4o-mini', temperature: 0.4 },
		{ id: 'mouth', type: 'tts', provider: 'elevenlabs', voice: 'EXAVITQu4vr4xnSDxMaL' },
		{ id: 'persona', type: 'prompt', role: 'instructions', text: 'You help {{customer}} at {{shop}}.\nBe brief.\n' },
		{ id: 'hello', type: 'prompt', role: 'greeting', text: 'Hi {{customer}}!' }
	];
	for (let i = nodes.length; i < nodeCount; i++) {
		nodes.push(
			i % 3 === 0
				? { id: `http-${i}`, type: 'mcp', transport: 'streamable-http', url: `http://127.0.0.1:${3000 + (i % 100)}/mcp`, headers: { Authorization: 'Bearer ${secret:TOKEN_' + i + '}' }, tools: { include: ['search', 'fetch', 'summarize'] }, cache: { ttlSeconds: 60, tools: ['search'] } }
				: i % 3 === 1
					? { id: `reg-${i}`, type: 'mcp', server: `registry-${i % 20}`, tools: { include: ['get_item', 'list_items'] }, prefix: `r${i}`, timeoutMs: 5000 }
					: { id: `stdio-${i}`, type: 'mcp', transport: 'stdio', command: 'mcp-server-everything', args: ['stdio'], tools: { exclude: ['trigger-long-running-operation'] } }
		);
	}
	const edges = [
		{ from: 'ears', to: 'brain' },
		{ from: 'brain', to: 'mouth' },
		...nodes.filter((n) => n.type === 'prompt' || n.type === 'mcp').map((n) => ({ from: n.id, to: 'brain' }))
	];
	const layout = Object.fromEntries(nodes.map((n, i) => [n.id, { x: (i % 10) * 280, y: Math.floor(i / 10) * 140 }]));
	return {
		apiVersion: 'voice-agent-studio/v1',
		kind: 'Agent',
		metadata: { name: 'bench-500', description: 'Benchmark spec' },
		variables: { shop: "Luigi's" },
		inputs: [{ name: 'customer' }],
		nodes,
		edges,
		layout,
		tests: [{ name: 'smoke', turns: [{ user: 'hi', expect: { replyContains: ['hi'] } }] }]
	};
}

function measure(fn: () => void): { median: number; p95: number } {
	for (let i = 0; i < WARMUP; i++) fn();
	const times: number[] = [];
	for (let i = 0; i < ITERATIONS; i++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return { median: times[Math.floor(times.length / 2)], p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

export async function run(): Promise<void> {
	const spec = bigSpec(500);
	const yaml = serializeSpec(spec);
	const json = JSON.stringify(spec);
	const check = parseSpec(yaml);
	if (!check.spec || check.problems.length) {
		throw new Error(`benchmark spec does not validate: ${JSON.stringify(check.problems.slice(0, 3))}`);
	}
	const small = serializeSpec(bigSpec(12));
	const rows: Array<[string, { median: number; p95: number }]> = [
		['parse+validate+canonicalise (YAML text)', measure(() => serializeSpec(parseSpec(yaml).spec!))],
		['parse+validate+canonicalise (JSON text)', measure(() => serializeSpec(parseSpec(json).spec!))],
		['  of which YAML → value (js-yaml fast path)', measure(() => parseYamlFast(yaml))],
		['  positioned parse (only to locate problems)', measure(() => parseDocument(yaml))],
		['  of which validateSpec (schema + graph rules)', measure(() => validateSpec(spec))],
		['  of which serializeSpec', measure(() => serializeSpec(spec))],
		['for scale: a typical 12-node spec (YAML text)', measure(() => serializeSpec(parseSpec(small).spec!))]
	];
	console.log(`spec: 500 nodes, ${spec.edges!.length} edges, ${yaml.length} bytes of YAML; ${ITERATIONS} iterations`);
	for (const [name, r] of rows) console.log(`  ${name.padEnd(48)} median ${fmt(r.median).padStart(9)}   p95 ${fmt(r.p95).padStart(9)}`);
	const main = rows[0][1].median;
	console.log(`  goal: median ≤ ${GOAL_MEDIAN_MS} ms for parse+validate+canonicalise of 500 nodes — ${main <= GOAL_MEDIAN_MS ? 'met' : 'not met'} (${fmt(main)}; reading the YAML alone takes ${fmt(rows[2][1].median)})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
