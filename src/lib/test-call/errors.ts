/**
 * Every failure a test call can meet, in plain words with what to do next. Server and runtime
 * messages are kept (they name the node, the variable, the URL); the title and the action are ours.
 */
import type { ApiErrorBody } from './types';

export interface CallError extends ApiErrorBody {
  /** HTTP status; 0 when the request never got an answer, undefined for client-side failures */
  status?: number;
}

export interface ProblemLine {
  message: string;
  path?: string;
  line?: number;
  col?: number;
}

export interface Explained {
  code: string;
  title: string;
  message: string;
  /** what the user should do next */
  action?: string;
  problems?: ProblemLine[];
}

interface Advice {
  title: string;
  action?: string;
}

const ADVICE: Record<string, Advice> = {
  network: { title: 'Cannot reach the editor', action: 'Check your connection, then try again.' },
  runtime_unavailable: { title: 'The runtime is not running', action: 'Start it, then press Try again.' },
  voice_unavailable: { title: 'Voice calls are not set up', action: 'Use a text call meanwhile: it needs no LiveKit.' },
  // The editor's message already says to fix them; the list of problems follows.
  invalid_draft: { title: 'The draft has errors' },
  invalid_spec: { title: 'The draft has errors', action: 'Fix them (see Problems below the canvas), then start the call again.' },
  missing_api_key: {
    title: 'A provider key is missing',
    action: "Start the runtime with the key in its environment (e.g. `OPENAI_API_KEY=… npm run dev`), or save the key under Secrets and set the node's API key to `${secret:OPENAI_API_KEY}`."
  },
  missing_secret: { title: 'A secret is missing', action: 'Save it on the Secrets page (same name), then try again.' },
  missing_variables: { title: 'Some variables have no value', action: 'Fill them in under Variables, then start the call again.' },
  unknown_mcp_server: { title: 'An MCP server is not in your registry', action: 'Add it on the MCP servers page, or fix the server name on the MCP node.' },
  stdio_not_allowed: { title: 'This MCP command is not allowed', action: 'An admin must add it to MCP_STDIO_ALLOW on the runtime.' },
  unknown_provider: { title: 'Unknown provider', action: 'Pick a supported provider on the node.' },
  spec_source_unavailable: {
    title: 'The runtime could not load the draft',
    action: "Check that the runtime's EDITOR_URL points at this editor and that both share the same RUNTIME_TOKEN."
  },
  unauthorized: { title: 'The runtime and the editor do not trust each other', action: 'Start both with the same RUNTIME_TOKEN.' },
  unknown_agent: { title: 'The runtime does not know this agent', action: "Check the runtime's EDITOR_URL." },
  livekit_unreachable: { title: 'LiveKit is not reachable', action: 'Start your LiveKit server (`livekit-server --dev`) or fix LIVEKIT_URL, then try again.' },
  livekit_auth: { title: 'LiveKit refused the API key', action: 'Check LIVEKIT_API_KEY and LIVEKIT_API_SECRET on the editor and restart it.' },
  livekit_error: { title: 'LiveKit answered an error', action: 'Try again; if it persists, check the LiveKit server logs.' },
  livekit_connect: {
    title: 'Could not join the call',
    action: 'This browser must reach LIVEKIT_URL itself (ws://… locally, wss://… for LiveKit Cloud). Check the URL and that the server is running, then try again.'
  },
  livekit_disconnected: { title: 'The call was cut off', action: 'Start the call again.' },
  mic_denied: {
    title: 'Microphone access is blocked',
    action: "Allow the microphone for this site (the camera/microphone icon in the address bar, or the browser's site settings), then try again."
  },
  mic_missing: { title: 'No microphone found', action: 'Connect a microphone (or a headset), then try again.' },
  mic_busy: { title: 'The microphone is busy', action: 'Close other apps or tabs that use it, then try again.' },
  mic_insecure: { title: 'The microphone needs a secure page', action: 'Open the editor over https:// or on localhost.' },
  mic_unsupported: { title: 'This browser cannot record audio', action: 'Use a recent Chrome, Edge, Firefox or Safari.' },
  not_found: { title: 'This test session has ended', action: 'It may have expired after a while without messages. Start a new call.' },
  session_closed: { title: 'This test session has ended', action: 'Start a new call.' },
  session_busy: { title: 'The agent is still answering', action: 'Wait for the reply, then send again.' },
  too_many_sessions: { title: 'Too many test sessions are open', action: 'Hang up other test calls (or wait a few minutes), then try again.' },
  turn_failed: { title: 'The agent could not answer', action: "Check the model node (provider, model, baseURL) and the provider key, then send again." },
  timeout: { title: 'The agent took too long', action: 'Send again; if it keeps happening, check the model endpoint and the MCP servers.' },
  start_timeout: { title: 'The call did not start', action: 'The runtime or LiveKit is slow or stuck: check their logs, then try again.' },
  stream_ended: { title: 'The answer was cut off', action: 'The runtime stopped mid-answer (restarted?). Send again or start a new call.' },
  cancelled: { title: 'Stopped waiting', action: 'The agent may still finish that answer in the background; wait a moment before sending again.' },
  invalid_field: { title: 'Check the form' },
  bad_request: { title: 'The request was refused' }
};

export function explainError(err: CallError): Explained {
  const advice = ADVICE[err.code];
  const problems = readProblems(err.details);
  if (advice) return { code: err.code, title: advice.title, message: err.message, action: advice.action, ...(problems.length ? { problems } : {}) };
  if (err.status !== undefined && err.status >= 500) {
    return { code: err.code, title: 'The server had a problem', message: err.message, action: 'Try again in a moment.' };
  }
  return { code: err.code, title: 'Something went wrong', message: err.message, action: 'Try again.', ...(problems.length ? { problems } : {}) };
}

/** `details.problems` of invalid_draft / invalid_spec, in the spec module's problem shape. */
function readProblems(details: unknown): ProblemLine[] {
  const list = (details as { problems?: unknown } | null | undefined)?.problems;
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object' && typeof (p as { message?: unknown }).message === 'string')
    .filter((p) => p.severity === undefined || p.severity === 'error')
    .slice(0, 8)
    .map((p) => ({
      message: String(p.message),
      ...(typeof p.path === 'string' && p.path ? { path: p.path } : {}),
      ...(typeof p.line === 'number' && p.line > 0 ? { line: p.line, col: typeof p.col === 'number' ? p.col : undefined } : {})
    }));
}

/** getUserMedia / livekit-client media errors → our codes. */
export function microphoneError(err: unknown): CallError {
  const name = (err as { name?: string } | null)?.name ?? '';
  const message = (err as { message?: string } | null)?.message || String(err);
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return { code: 'mic_denied', message: 'The browser (or you) denied access to the microphone.' };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return { code: 'mic_missing', message: 'The browser found no microphone to use.' };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { code: 'mic_busy', message: `The microphone could not be started: ${message}` };
    case 'SecurityError':
      return { code: 'mic_insecure', message: 'Browsers only give the microphone to secure pages.' };
    case 'TypeError':
      return { code: 'mic_unsupported', message: `This page cannot use the microphone here: ${message}` };
    default:
      return { code: 'mic_busy', message: `The microphone could not be started: ${message}` };
  }
}
