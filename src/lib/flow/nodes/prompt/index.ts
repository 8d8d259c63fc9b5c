import type { PromptNode } from '$lib/spec';
import type { NodeKind } from '../types';
import { meta } from './meta';
import PromptInspector from './PromptInspector.svelte';
import PromptNodeView from './PromptNode.svelte';

export const prompt: NodeKind<PromptNode> = {
  ...meta,
  component: PromptNodeView,
  inspector: PromptInspector,
  // The first prompt is the instructions; later ones default to the greeting (at most one of each).
  defaults: (id, { spec }) => {
    const hasInstructions = spec.nodes.some((n) => n.type === 'prompt' && n.role === 'instructions');
    return hasInstructions
      ? { id, type: 'prompt', role: 'greeting', text: 'Hi! How can I help you today?' }
      : { id, type: 'prompt', role: 'instructions', text: 'You are a friendly voice assistant. Keep answers short and clear.' };
  }
};
