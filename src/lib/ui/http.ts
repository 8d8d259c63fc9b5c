/** Error raised by `request` with the API's `{error:{code,message,details}}` fields. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown
  ) {
    super(message);
  }
}

/** fetch wrapper for the JSON API used by pages: throws RequestError with the server's message. */
export async function request<T = unknown>(
  url: string,
  init: RequestInit & { json?: unknown } = {},
  fetcher: typeof fetch = fetch
): Promise<T> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetcher(url, { ...init, headers, body });
  } catch {
    throw new RequestError(0, 'network', 'Could not reach the server. Check your connection.', null);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const err = (payload as { error?: { code: string; message: string; details: unknown } } | null)?.error;
    throw new RequestError(res.status, err?.code ?? 'http_' + res.status, err?.message ?? `Request failed (${res.status}).`, err?.details ?? null);
  }
  return payload as T;
}
