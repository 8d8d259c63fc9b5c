export { default as KeyValueEditor } from './KeyValueEditor.svelte';
export type { KeyValueEditorProps, KeyValueRow } from './types';
