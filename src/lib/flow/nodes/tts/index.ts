import type { TtsNode } from '$lib/spec';
import type { NodeKind } from '../types';
import { TTS_DEFAULTS } from './catalog';
import { meta } from './meta';
import TtsInspector from './TtsInspector.svelte';
import TtsNodeView from './TtsNode.svelte';

export const tts: NodeKind<TtsNode> = {
  ...meta,
  component: TtsNodeView,
  inspector: TtsInspector,
  defaults: (id) => ({ id, type: 'tts', provider: 'elevenlabs', ...TTS_DEFAULTS.elevenlabs }) as TtsNode
};
