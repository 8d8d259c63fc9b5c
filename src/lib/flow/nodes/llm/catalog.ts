import type { Choice } from '../shared/catalog';

export const LLM_MODELS: Choice[] = [
  { value: 'gpt-4o-mini', label: 'fast, cheap' },
  { value: 'gpt-4o' },
  { value: 'gpt-4.1-mini' },
  { value: 'gpt-4.1' },
  { value: 'gpt-4.1-nano' },
  { value: 'gpt-5-mini' },
  { value: 'gpt-5' },
  { value: 'o4-mini' }
];

export const LLM_DEFAULTS: Record<string, object> = {
  openai: { model: 'gpt-4o-mini', temperature: 0.7 }
};
