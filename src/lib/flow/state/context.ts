/** Typed context for the editor state shared by the canvas, nodes, inspector and YAML view. */
import { createContext } from 'svelte';
import type { EditorState } from './editor.svelte';
import type { McpRegistry } from '../mcp/registry.svelte';

export const [getEditor, setEditor] = createContext<EditorState>();
export const [getMcpRegistry, setMcpRegistry] = createContext<McpRegistry>();
