/** Which node type may feed which: the validator and the editor's canvas share these rules. */
import type { NodeType } from './constants.js';

export type ConnectResult = { ok: true } | { ok: false; hint: string };

const ALLOWED: Record<NodeType, readonly NodeType[]> = {
	stt: ['llm'],
	llm: ['tts'],
	tts: [],
	realtime: [],
	prompt: ['llm', 'realtime'],
	mcp: ['llm', 'realtime']
};

export function allowedTargets(sourceType: NodeType): readonly NodeType[] {
	return ALLOWED[sourceType] ?? [];
}

export function canConnect(sourceType: NodeType, targetType: NodeType): ConnectResult {
	if (ALLOWED[sourceType]?.includes(targetType)) return { ok: true };
	if (ALLOWED[targetType]?.includes(sourceType)) {
		return { ok: false, hint: `connect the other way round: ${targetType} → ${sourceType}` };
	}
	switch (sourceType) {
		case 'prompt':
		case 'mcp':
			return { ok: false, hint: `${sourceType} nodes connect into the model node (llm or realtime)` };
		case 'stt':
			return {
				ok: false,
				hint:
					targetType === 'realtime'
						? 'a realtime model hears the audio itself; stt nodes belong to an stt → llm → tts pipeline'
						: 'an stt node feeds the llm (stt → llm)'
			};
		case 'llm':
			return { ok: false, hint: 'an llm node feeds the tts node (llm → tts)' };
		case 'tts':
			return { ok: false, hint: 'a tts node is the end of the pipeline; nothing connects out of it' };
		case 'realtime':
			return { ok: false, hint: 'a realtime node is the end of the graph; prompts and mcp nodes connect into it' };
		default:
			return { ok: false, hint: `unknown node type \`${String(sourceType)}\`` };
	}
}
