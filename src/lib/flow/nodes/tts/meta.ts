import type { NodeMeta } from '../types';

export const meta: NodeMeta = {
  type: 'tts',
  short: 'TTS',
  label: 'Text to speech',
  description: 'Speaks the answer: ElevenLabs or OpenAI.',
  icon: '◗',
  color: '#059669',
  idBase: 'tts'
};
