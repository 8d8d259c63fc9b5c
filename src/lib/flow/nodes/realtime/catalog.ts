import { OPENAI_VOICES, type Choice } from '../shared/catalog';

export const REALTIME_MODELS: Choice[] = [{ value: 'gpt-realtime' }, { value: 'gpt-realtime-mini' }, { value: 'gpt-4o-realtime-preview' }, { value: 'gpt-4o-mini-realtime-preview' }];
export const REALTIME_VOICES: Choice[] = OPENAI_VOICES.filter((v) => !['fable', 'nova', 'onyx'].includes(v.value));

export const REALTIME_DEFAULTS: Record<string, object> = {
  openai: { model: 'gpt-realtime', voice: 'coral', turnDetection: { type: 'server_vad' } }
};
