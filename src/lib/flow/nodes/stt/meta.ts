import type { NodeMeta } from '../types';

export const meta: NodeMeta = {
  type: 'stt',
  short: 'STT',
  label: 'Speech to text',
  description: 'Transcribes the caller: Deepgram or OpenAI.',
  icon: '◖',
  color: '#0284c7',
  idBase: 'stt'
};
