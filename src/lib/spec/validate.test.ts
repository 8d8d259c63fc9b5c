import { describe, expect, it } from 'vitest';
import { parseSpec, validateSpec } from './parse.js';
import type { AgentSpec } from './schema.js';
import { edited, pipeline, realtime, REALTIME_YAML } from './testing.js';

const errors = (spec: unknown) => validateSpec(spec).filter((p) => p.severity === 'error');
const warnings = (spec: unknown) => validateSpec(spec).filter((p) => p.severity === 'warning');
const codes = (spec: unknown) => errors(spec).map((p) => p.code);
const node = (s: AgentSpec, id: string) => s.nodes.find((n) => n.id === id) as any;

describe('node ids and edges', () => {
	it('rejects ids that are not slugs', () => {
		const s = edited(pipeline(), (s) => (node(s, 'menu').id = 'Menu API'));
		expect(errors(s).find((p) => p.path === 'nodes[5].id')).toMatchObject({ code: 'invalid_format' });
	});

	it('rejects duplicate ids on the second node', () => {
		const s = edited(pipeline(), (s) => (node(s, 'hello').id = 'persona'));
		const dup = errors(s).find((p) => p.code === 'duplicate_id');
		expect(dup).toMatchObject({ path: 'nodes[4].id', nodeId: 'persona' });
		expect(dup!.message).toContain('nodes[3]');
	});

	it('rejects edges to unknown nodes, self-loops and duplicates', () => {
		const s = edited(pipeline(), (s) => s.edges.push({ from: 'ghost', to: 'brain' }, { from: 'brain', to: 'brain' }, { from: 'ears', to: 'brain' }));
		expect(errors(s)).toMatchObject([
			{ code: 'edge_unknown_node', path: 'edges[5].from' },
			{ code: 'self_loop', path: 'edges[6]', nodeId: 'brain' },
			{ code: 'duplicate_edge', path: 'edges[7]' }
		]);
	});

	it('rejects edges the connection rules do not allow, with a hint', () => {
		const s = edited(pipeline(), (s) => s.edges.push({ from: 'mouth', to: 'brain' }, { from: 'persona', to: 'mouth' }));
		const [reverse, wrong] = errors(s);
		expect(reverse).toMatchObject({ code: 'invalid_edge', path: 'edges[5]' });
		expect(reverse.message).toContain('other way round');
		expect(wrong.message).toContain('connect into the model node');
	});
});

describe('shape', () => {
	it('accepts a pipeline and a realtime spec', () => {
		expect(errors(pipeline())).toEqual([]);
		expect(errors(realtime())).toEqual([]);
	});

	it('names the missing pipeline stage', () => {
		const s = edited(pipeline(), (s) => {
			s.nodes = s.nodes.filter((n: any) => n.id !== 'mouth');
			s.edges = s.edges.filter((e: any) => e.to !== 'mouth');
			delete s.layout.mouth;
		});
		expect(errors(s)).toMatchObject([{ code: 'shape', path: 'nodes' }]);
		expect(errors(s)[0].message).toContain('no tts node');
	});

	it('rejects a second model node on that node', () => {
		const s = edited(pipeline(), (s) => s.nodes.push({ id: 'brain2', type: 'llm', provider: 'openai', model: 'x' }));
		const p = errors(s).find((p) => p.code === 'shape');
		expect(p).toMatchObject({ nodeId: 'brain2', path: 'nodes[6].type' });
		expect(p!.message).toContain('first is `brain`');
	});

	it('rejects mixing realtime with pipeline nodes, naming each pipeline node', () => {
		const s = edited(realtime(), (s) => s.nodes.push({ id: 'ears', type: 'stt', provider: 'deepgram' }));
		const shape = errors(s).filter((p) => p.code === 'shape');
		expect(shape).toHaveLength(1);
		expect(shape[0]).toMatchObject({ nodeId: 'ears' });
		expect(shape[0].message).toContain('realtime node `rt`');
	});

	it('requires a model node', () => {
		const s = edited(pipeline(), (s) => {
			s.nodes = s.nodes.filter((n: any) => n.type === 'prompt');
			s.edges = [];
			s.layout = {};
		});
		expect(errors(s).map((p) => p.message)).toContain('the spec has no model node: add one realtime node, or an stt → llm → tts pipeline');
	});

	it('requires stt → llm and llm → tts edges, with the message naming both nodes', () => {
		const s = edited(pipeline(), (s) => (s.edges = s.edges.filter((e: any) => e.to !== 'mouth')));
		const [p] = errors(s);
		expect(p).toMatchObject({ code: 'not_connected', nodeId: 'mouth', path: 'nodes[2]' });
		expect(p.message).toBe('node `mouth` (tts) is not connected to the llm node `brain`; add the edge { from: brain, to: mouth }');
		const t = edited(pipeline(), (s) => (s.edges = s.edges.filter((e: any) => e.from !== 'ears')));
		expect(errors(t)).toMatchObject([{ code: 'not_connected', nodeId: 'ears' }]);
	});

	it('reports dangling prompt and mcp nodes on that node', () => {
		const s = edited(pipeline(), (s) => (s.edges = s.edges.filter((e: any) => e.from !== 'menu' && e.from !== 'hello')));
		expect(errors(s).map((p) => [p.code, p.nodeId])).toEqual([
			['not_connected', 'hello'],
			['not_connected', 'menu']
		]);
	});
});

describe('prompts and variables', () => {
	it('requires exactly one instructions prompt and at most one greeting', () => {
		const none = edited(pipeline(), (s) => (node(s, 'persona').role = 'greeting'));
		expect(errors(none).map((p) => p.code)).toEqual(['prompt_role', 'prompt_role']);
		const two = edited(pipeline(), (s) => (node(s, 'hello').role = 'instructions'));
		expect(errors(two)).toMatchObject([{ code: 'prompt_role', nodeId: 'hello', path: 'nodes[4].role' }]);
	});

	it('accepts placeholders declared as variables or inputs', () => {
		const s = edited(pipeline(), (s) => {
			s.inputs = [{ name: 'caller', description: 'Caller name' }];
			node(s, 'hello').text = 'Hi {{ caller }}, this is {{shop}}.';
		});
		expect(validateSpec(s)).toEqual([]);
	});

	it('rejects undeclared placeholders with a hint', () => {
		const s = edited(pipeline(), (s) => (node(s, 'hello').text = 'Hi from {{shopp}}'));
		const [p] = errors(s);
		expect(p).toMatchObject({ code: 'undeclared_variable', nodeId: 'hello', path: 'nodes[4].text' });
		expect(p.message).toContain('did you mean `shop`?');
	});

	it('warns about unused variables, unused inputs, malformed placeholders and defaulted inputs', () => {
		const s = edited(pipeline(), (s) => {
			s.variables.unused = 1;
			s.inputs = [{ name: 'shop' }, { name: 'lonely' }];
			node(s, 'hello').text = 'Hi {{first name}} from {{shop}}';
		});
		expect(errors(s)).toEqual([]);
		expect(warnings(s).map((p) => [p.code, p.path])).toEqual([
			['duplicate_input', 'inputs[0].name'],
			['unused_variable', 'inputs[1].name'],
			['undeclared_variable', 'nodes[4].text'],
			['unused_variable', 'variables.unused']
		]);
	});

	it('rejects duplicate inputs and bad variable names', () => {
		const s = edited(pipeline(), (s) => (s.inputs = [{ name: 'a' }, { name: 'a' }]));
		expect(codes(s)).toEqual(['duplicate_input']);
		const bad = edited(pipeline(), (s) => (s.variables['bad-name'] = 'x'));
		expect(errors(bad)[0]).toMatchObject({ code: 'invalid_format', path: 'variables["bad-name"]' });
	});
});

describe('mcp nodes', () => {
	const withMcp = (patch: Record<string, unknown>, base = pipeline()) =>
		edited(base, (s) => {
			const m = node(s, 'menu');
			for (const [k, v] of Object.entries(patch)) {
				if (v === undefined) delete m[k];
				else m[k] = v;
			}
		});

	it('requires server or an inline transport, not both', () => {
		expect(codes(withMcp({ server: undefined }))).toEqual(['mcp_source']);
		const both = withMcp({ transport: 'sse', url: 'http://x/sse' });
		expect(codes(both)).toContain('mcp_source');
		const hinted = errors(withMcp({ server: undefined, url: 'http://127.0.0.1/mcp' }))[0];
		expect(hinted.message).toContain('add `transport: streamable-http`');
	});

	it('checks the fields each transport needs and allows', () => {
		expect(codes(withMcp({ server: undefined, transport: 'stdio' }))).toEqual(['mcp_transport']);
		expect(codes(withMcp({ server: undefined, transport: 'stdio', command: 'mcp-server-everything', url: 'http://x' }))).toEqual(['mcp_transport']);
		expect(codes(withMcp({ server: undefined, transport: 'sse' }))).toEqual(['mcp_transport']);
		expect(codes(withMcp({ server: undefined, transport: 'streamable-http', url: 'http://x/mcp', command: 'x' }))).toEqual(['mcp_transport']);
		expect(codes(withMcp({ server: undefined, transport: 'streamable-http', url: 'ftp://x' }))).toEqual(['invalid']);
		expect(codes(withMcp({ server: undefined, transport: 'websocket', url: 'http://x' }))).toEqual(['invalid_value']);
		expect(errors(withMcp({ server: undefined, transport: 'stdio', command: 'npx', args: ['-y', 'pkg'] }))).toEqual([]);
	});

	it('keeps include and exclude exclusive', () => {
		const s = withMcp({ tools: { include: ['get_menu'], exclude: ['place_order'] } });
		expect(errors(s)).toMatchObject([{ code: 'mcp_tools', path: 'nodes[5].tools.exclude' }]);
	});

	it('only caches exposed tools', () => {
		expect(errors(withMcp({ cache: { ttlSeconds: 60, tools: ['place'] } }))).toMatchObject([
			{ code: 'mcp_cache', path: 'nodes[5].cache.tools[0]' }
		]);
		const excluded = withMcp({ tools: { exclude: ['get_menu'] } });
		expect(codes(excluded)).toEqual(['mcp_cache']);
		expect(errors(withMcp({ tools: undefined }))).toEqual([]);
	});

	it('checks final tool names against the pattern and across nodes', () => {
		const dotted = withMcp({ tools: { include: ['get.menu'] }, cache: undefined });
		expect(errors(dotted)[0]).toMatchObject({ code: 'tool_name', path: 'nodes[5].tools.include[0]' });
		const long = withMcp({ prefix: 'p'.repeat(60), tools: { include: ['get_menu'] } });
		expect(codes(long)).toEqual(['tool_name']);
		const twin = edited(pipeline(), (s) => {
			s.nodes.push({ ...node(s, 'menu'), id: 'menu2' });
			s.edges.push({ from: 'menu2', to: 'brain' });
		});
		expect(errors(twin)).toMatchObject([
			{ code: 'duplicate_tool', nodeId: 'menu2', path: 'nodes[6].tools.include[0]' },
			{ code: 'duplicate_tool', nodeId: 'menu2', path: 'nodes[6].tools.include[1]' }
		]);
		const distinct = edited(twin, (s) => (node(s, 'menu2').prefix = 'menu2'));
		expect(errors(distinct)).toEqual([]);
	});

	it('defaults the prefix to the node id and warns when prefixes may collide', () => {
		const s = edited(realtime(), (s) => {
			s.nodes.push({ id: 'more', type: 'mcp', transport: 'sse', url: 'http://x/sse', prefix: 'everything' });
			s.edges.push({ from: 'more', to: 'rt' });
		});
		expect(errors(s)).toEqual([]);
		expect(warnings(s)).toMatchObject([{ code: 'duplicate_tool', nodeId: 'more' }]);
	});
});

describe('secrets', () => {
	const withHeaders = (headers: Record<string, string>) => edited(realtime(), (s) => (node(s, 'everything').headers = headers));

	it('accepts references, alone or inside a value', () => {
		expect(errors(withHeaders({ Authorization: 'Bearer ${secret:TOKEN}', 'X-Env': '${env:MY_KEY}' }))).toEqual([]);
	});

	it('rejects key-looking literals in headers, env and args', () => {
		for (const value of ['Bearer abcdefghijklmnopqrstuvwxyz123456', 'sk-proj-abcdefghijklmnopqrstuv', 'ghp_abcdefghijklmnopqrstuvwxyz0123']) {
			const [p] = errors(withHeaders({ Authorization: value }));
			expect(p).toMatchObject({ code: 'secret_literal', path: 'nodes[2].headers.Authorization', nodeId: 'everything' });
			expect(p.message).not.toContain(value);
		}
		expect(codes(withHeaders({ 'X-Api-Key': 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' }))).toEqual(['secret_literal']);
		expect(errors(withHeaders({ Accept: 'application/json' }))).toEqual([]);
		const stdio = edited(pipeline(), (s) => {
			const m = node(s, 'menu');
			delete m.server;
			Object.assign(m, { transport: 'stdio', command: 'x', args: ['--key=sk-abcdefghijklmnop1234'], env: { API_TOKEN: 'sk-live0123456789abcdef' } });
		});
		expect(codes(stdio)).toEqual(['secret_literal', 'secret_literal']);
	});

	it('rejects malformed references', () => {
		const [p] = errors(withHeaders({ Authorization: 'Bearer ${secrets:TOKEN}' }));
		expect(p.code).toBe('secret_ref');
		expect(p.message).toContain('${secrets:TOKEN}');
	});

	it('accepts only references as apiKey', () => {
		const ok = edited(pipeline(), (s) => (node(s, 'brain').apiKey = '${secret:OPENAI_API_KEY}'));
		expect(errors(ok)).toEqual([]);
		const literal = edited(pipeline(), (s) => (node(s, 'brain').apiKey = 'sk-abc'));
		expect(errors(literal)).toMatchObject([{ code: 'invalid_format', path: 'nodes[1].apiKey' }]);
		expect(errors(literal)[0].message).not.toContain('sk-abc');
	});
});

describe('provider options', () => {
	const patchNode = (id: string, patch: Record<string, unknown>, base = pipeline()) => edited(base, (s) => Object.assign(node(s, id), patch));

	it('checks ranges per provider', () => {
		expect(codes(patchNode('brain', { temperature: 2.1 }))).toEqual(['out_of_range']);
		expect(codes(patchNode('brain', { temperature: 2, topP: 1 }))).toEqual([]);
		expect(codes(patchNode('mouth', { voiceSettings: { stability: 1.5 } }))).toEqual(['out_of_range']);
		expect(codes(patchNode('ears', { endpointingMs: 1.5 }))).toEqual(['invalid_type']);
	});

	it('rejects options of another provider as unknown fields', () => {
		const s = patchNode('mouth', { speed: 1.2 });
		const [p] = errors(s);
		expect(p).toMatchObject({ code: 'unknown_field', path: 'nodes[2].speed' });
		expect(p.message).toBe('unknown field `speed` for tts provider `elevenlabs`: it is an option of provider `openai`');
	});

	it('allows baseURL on every provider node and checks it is a URL', () => {
		const s = edited(pipeline(), (s) => {
			for (const id of ['ears', 'brain', 'mouth']) node(s, id).baseURL = 'http://127.0.0.1:4010/v1';
		});
		expect(errors(s)).toEqual([]);
		expect(codes(patchNode('brain', { baseURL: 'not a url' }))).toEqual(['invalid']);
		expect(codes(patchNode('brain', { baseURL: '${env:LLM_BASE_URL}' }))).toEqual([]);
	});

	it('checks realtime turn detection by type', () => {
		const rt = (turnDetection: unknown) => edited(realtime(), (s) => (node(s, 'rt').turnDetection = turnDetection));
		expect(codes(rt({ type: 'semantic_vad', eagerness: 'high' }))).toEqual([]);
		expect(codes(rt({ type: 'server_vad', threshold: 1.5 }))).toEqual(['out_of_range']);
		expect(codes(rt({ type: 'semantic_vad', threshold: 0.5 }))).toEqual(['unknown_field']);
		const [p] = errors(rt({ type: 'server-vad' }));
		expect(p.message).toContain('did you mean `server_vad`?');
	});

	it('rejects unknown providers with the supported list', () => {
		const [p] = errors(patchNode('ears', { provider: 'whisper' }));
		expect(p).toMatchObject({ code: 'unknown_provider', nodeId: 'ears' });
		expect(p.message).toContain('`deepgram`, `openai`');
	});
});

describe('layout and tests', () => {
	it('warns about layout entries for unknown nodes', () => {
		const s = edited(pipeline(), (s) => (s.layout.ghost = { x: 1, y: 2 }));
		expect(errors(s)).toEqual([]);
		expect(warnings(s)).toMatchObject([{ code: 'layout_unknown_node', path: 'layout.ghost' }]);
	});

	it('validates the tests block and warns about unknown tools and variables', () => {
		const s = edited(pipeline(), (s) => {
			s.tests[0].turns[0].expect.toolCalls = ['menu_get_menus'];
			s.tests[0].variables = { nope: 'x' };
		});
		expect(errors(s)).toEqual([]);
		const w = warnings(s);
		expect(w.map((p) => p.path)).toEqual(['tests[0].turns[0].expect.toolCalls[0]', 'tests[0].variables.nope']);
		expect(w[0].message).toContain('did you mean `menu_get_menu`?');
		const empty = edited(pipeline(), (s) => (s.tests[0].turns = []));
		expect(codes(empty)).toEqual(['out_of_range']);
	});

	it('reports positions for graph-rule errors in the text', () => {
		const text = REALTIME_YAML.replace('  - { from: everything, to: rt }\n', '');
		const [p] = parseSpec(text).problems;
		expect(p).toMatchObject({ code: 'not_connected', nodeId: 'everything', line: 15, col: 5 });
	});
});
