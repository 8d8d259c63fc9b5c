import type { NodeMeta } from '../types';

export const meta: NodeMeta = {
  type: 'llm',
  short: 'LLM',
  label: 'Language model',
  description: 'Thinks and answers; prompts and MCP tools connect into it.',
  icon: '◆',
  color: '#7c3aed',
  idBase: 'llm'
};
