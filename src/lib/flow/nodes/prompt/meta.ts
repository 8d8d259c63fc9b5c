import type { NodeMeta } from '../types';

export const meta: NodeMeta = {
  type: 'prompt',
  short: 'PROMPT',
  label: 'Prompt',
  description: 'Instructions or a greeting, with {{variables}}.',
  icon: '¶',
  color: '#d97706',
  idBase: 'prompt'
};
