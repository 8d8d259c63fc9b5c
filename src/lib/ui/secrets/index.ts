export { SecretForm } from './SecretForm';
export type { SecretInfo } from './types';
