export { default as ToolList } from './ToolList.svelte';
export type { ToolListProps } from './types';
