export { default as ServerForm } from './ServerForm.svelte';
export type { ServerFormProps } from './types';
