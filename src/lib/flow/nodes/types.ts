import type { Component } from 'svelte';
import type { NodeProps } from '@xyflow/svelte';
import type { AgentSpec, NodeType, SpecNode } from '$lib/spec';
import type { FlowNode } from '../state/graph';

export interface InspectorProps<T extends SpecNode = SpecNode> {
  node: T;
  /** Replaces the node; `key` coalesces rapid edits of one field into one undo step. */
  update: (next: T, key?: string) => void;
  disabled?: boolean;
}

/** What a new node needs to know about its surroundings to pick sensible defaults. */
export interface DefaultsContext {
  spec: AgentSpec;
  mcpServerNames: string[];
}

/** Static description of a node kind: what the palette and the node header show. */
export interface NodeMeta {
  type: NodeType;
  /** Short badge text, e.g. "STT". */
  short: string;
  label: string;
  description: string;
  /** A one-character glyph shown in the palette and the node header. */
  icon: string;
  /** Accent colour of the kind (header stripe, palette chip, minimap). */
  color: string;
  /** Stem of new node ids: stt, stt-2 … */
  idBase: string;
}

export interface NodeKind<T extends SpecNode = SpecNode> extends NodeMeta {
  component: Component<NodeProps<FlowNode>>;
  inspector: Component<InspectorProps<T>>;
  defaults(id: string, ctx: DefaultsContext): T;
}
