export { default as ImportPanel } from './ImportPanel.svelte';
export type { ImportPanelProps } from './types';
