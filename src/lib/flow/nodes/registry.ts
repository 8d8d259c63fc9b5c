/**
 * Every node kind the editor knows. The palette, the canvas (nodeTypes) and the inspector read this
 * list; adding a kind means adding a folder and one line here.
 */
import type { NodeTypes } from '@xyflow/svelte';
import type { NodeType, SpecNode } from '$lib/spec';
import { llm } from './llm';
import { mcp } from './mcp';
import { prompt } from './prompt';
import { realtime } from './realtime';
import { stt } from './stt';
import { tts } from './tts';
import type { NodeKind } from './types';

export const NODE_KINDS: readonly NodeKind[] = [stt, llm, tts, realtime, prompt, mcp] as unknown as NodeKind[];

const BY_TYPE = new Map<string, NodeKind>(NODE_KINDS.map((k) => [k.type, k]));

export function nodeKind(type: NodeType | string): NodeKind | undefined {
  return BY_TYPE.get(type);
}

export function nodeKindOf(node: SpecNode): NodeKind | undefined {
  return BY_TYPE.get(node.type);
}

export const nodeTypes: NodeTypes = Object.fromEntries(NODE_KINDS.map((k) => [k.type, k.component])) as NodeTypes;
