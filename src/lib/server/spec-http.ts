import { json } from '@sveltejs/kit';
import { stringify } from 'yaml';
import { DEFAULT_BODY_LIMIT, mediaType, parseJsonText, readText } from './api';
import { badRequest, unsupportedMediaType } from './errors';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];
export const YAML_CONTENT_TYPE = 'application/yaml; charset=utf-8';

/** Reads a spec body sent as YAML, or as JSON (`{"yaml": "..."}` or the spec object itself). */
export async function readSpecBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  const type = mediaType(request);
  if (YAML_TYPES.includes(type) || type === '') return readText(request, limit);
  if (type === 'application/json') {
    const value = parseJsonText(await readText(request, limit));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const yaml = (value as { yaml?: unknown }).yaml;
      if (typeof yaml === 'string') return yaml;
      return stringify(value);
    }
    throw badRequest('Send the spec as a JSON object, or as {"yaml": "..."}.', null, 'invalid_json');
  }
  throw unsupportedMediaType(['application/yaml', 'application/json']);
}

/** True when the client asked for YAML (`?format=yaml` or an Accept header preferring YAML). */
export function wantsYaml(url: URL, request: Request): boolean {
  const format = url.searchParams.get('format');
  if (format) return format === 'yaml';
  const accept = request.headers.get('accept') ?? '';
  return /(application|text)\/(x-)?yaml/.test(accept) && !accept.includes('application/json');
}

export function yamlResponse(yaml: string, init: ResponseInit & { headers?: Record<string, string> } = {}): Response {
  return new Response(yaml, { ...init, headers: { 'content-type': YAML_CONTENT_TYPE, ...init.headers } });
}

export function draftResponse(
  draft: { yaml: string; revision: number },
  url: URL,
  request: Request,
  status = 200
): Response {
  const etag = `"${draft.revision}"`;
  if (wantsYaml(url, request)) return yamlResponse(draft.yaml, { status, headers: { etag } });
  return json(draft, { status, headers: { etag } });
}
