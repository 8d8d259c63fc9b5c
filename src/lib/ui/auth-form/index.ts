export { default as AuthForm } from './AuthForm.svelte';
export type { AuthFormProps } from './types';
