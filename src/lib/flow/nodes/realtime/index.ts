import type { RealtimeNode } from '$lib/spec';
import type { NodeKind } from '../types';
import { REALTIME_DEFAULTS } from './catalog';
import { meta } from './meta';
import RealtimeInspector from './RealtimeInspector.svelte';
import RealtimeNodeView from './RealtimeNode.svelte';

export const realtime: NodeKind<RealtimeNode> = {
  ...meta,
  component: RealtimeNodeView,
  inspector: RealtimeInspector,
  defaults: (id) => ({ id, type: 'realtime', provider: 'openai', ...structuredClone(REALTIME_DEFAULTS.openai) }) as RealtimeNode
};
