import type { SttNode } from '$lib/spec';
import type { NodeKind } from '../types';
import { STT_DEFAULTS } from './catalog';
import { meta } from './meta';
import SttInspector from './SttInspector.svelte';
import SttNodeView from './SttNode.svelte';

export const stt: NodeKind<SttNode> = {
  ...meta,
  component: SttNodeView,
  inspector: SttInspector,
  defaults: (id) => ({ id, type: 'stt', provider: 'deepgram', ...STT_DEFAULTS.deepgram }) as SttNode
};
