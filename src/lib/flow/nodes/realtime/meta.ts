import type { NodeMeta } from '../types';

export const meta: NodeMeta = {
  type: 'realtime',
  short: 'REALTIME',
  label: 'Realtime model',
  description: 'Speech-to-speech in one model; replaces the STT → LLM → TTS pipeline.',
  icon: '◈',
  color: '#db2777',
  idBase: 'realtime'
};
