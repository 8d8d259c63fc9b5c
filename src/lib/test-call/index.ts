/** Test calls of a draft: the panel for the agent page's "Test" tab. */
export { default as TestCallPanel } from './TestCallPanel.svelte';
export type { TestCallMode } from './types';
