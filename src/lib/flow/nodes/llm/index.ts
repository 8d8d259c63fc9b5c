import type { LlmNode } from '$lib/spec';
import type { NodeKind } from '../types';
import { LLM_DEFAULTS } from './catalog';
import { meta } from './meta';
import LlmInspector from './LlmInspector.svelte';
import LlmNodeView from './LlmNode.svelte';

export const llm: NodeKind<LlmNode> = {
  ...meta,
  component: LlmNodeView,
  inspector: LlmInspector,
  defaults: (id) => ({ id, type: 'llm', provider: 'openai', ...LLM_DEFAULTS.openai }) as LlmNode
};
