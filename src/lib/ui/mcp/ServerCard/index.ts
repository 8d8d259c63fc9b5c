export { default as ServerCard } from './ServerCard.svelte';
export type { ServerCardProps } from './types';
