import type { Choice } from '../shared/catalog';

export const STT_MODELS: Record<string, Choice[]> = {
  deepgram: [
    { value: 'nova-3', label: 'Nova 3 (best, multilingual)' },
    { value: 'nova-3-medical' },
    { value: 'nova-2', label: 'Nova 2' },
    { value: 'nova-2-phonecall' },
    { value: 'nova-2-meeting' },
    { value: 'enhanced' },
    { value: 'base' }
  ],
  openai: [{ value: 'gpt-4o-transcribe' }, { value: 'gpt-4o-mini-transcribe' }, { value: 'whisper-1' }]
};

export const STT_DEFAULTS: Record<string, object> = {
  deepgram: { model: 'nova-3', language: 'en' },
  openai: { model: 'gpt-4o-transcribe', language: 'en' }
};
