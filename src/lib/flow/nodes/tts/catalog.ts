import { OPENAI_VOICES, type Choice } from '../shared/catalog';

export const TTS_MODELS: Record<string, Choice[]> = {
  elevenlabs: [
    { value: 'eleven_flash_v2_5', label: 'Flash v2.5 (lowest latency)' },
    { value: 'eleven_turbo_v2_5', label: 'Turbo v2.5' },
    { value: 'eleven_multilingual_v2', label: 'Multilingual v2' },
    { value: 'eleven_v3', label: 'v3' }
  ],
  openai: [{ value: 'gpt-4o-mini-tts' }, { value: 'tts-1' }, { value: 'tts-1-hd' }]
};

export const TTS_VOICES: Record<string, Choice[]> = {
  elevenlabs: [
    { value: 'EXAVITQu4vr4xnSDxMaL', label: 'Sarah' },
    { value: '21m00Tcm4TlvDq8ikWAM', label: 'Rachel' },
    { value: 'pNInz6obpgDQGcFmaJgB', label: 'Adam' },
    { value: 'ErXwobaYiN019PkySvjV', label: 'Antoni' },
    { value: 'TxGEqnHWrfWFTfGW9XjX', label: 'Josh' },
    { value: 'XrExE9yKIg1WjnnlVkGX', label: 'Matilda' },
    { value: 'onwK4e9ZLuTAKqWW03F9', label: 'Daniel' },
    { value: 'pFZP5JQG7iQjIQuC4Bku', label: 'Lily' }
  ],
  openai: OPENAI_VOICES
};

export const TTS_DEFAULTS: Record<string, object> = {
  elevenlabs: { voice: 'EXAVITQu4vr4xnSDxMaL', model: 'eleven_flash_v2_5' },
  openai: { voice: 'coral', model: 'gpt-4o-mini-tts' }
};

export function voiceLabel(provider: string, voice: string | undefined): string {
  if (!voice) return 'default voice';
  const known = TTS_VOICES[provider]?.find((v) => v.value === voice);
  return known?.label ? `${known.label}` : voice;
}
