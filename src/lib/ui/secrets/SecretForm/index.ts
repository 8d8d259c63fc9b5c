export { default as SecretForm } from './SecretForm.svelte';
export type { SecretFormProps } from './types';
