// 2025-era tool calls in flight on this instance, by bearer token and JSON-RPC id. A 2025-era
// client cancels a call with a notifications/cancelled POST of its own while the call's response
// stays open; with no session, this is how that POST finds the call, whichever path runs it (the
// fast path, or the SDK's stream for a call with a progressToken). Keyed by the token, so nobody
// else can cancel it.
const calls = new Map<string, () => void>();
const keyOf = (token: string, id: string | number) => `${token} ${typeof id} ${id}`;

/** Registers how to cancel the call; returns its removal, to run when the call ends. */
export function trackCall(token: string, id: string | number, cancel: () => void): () => void {
  const key = keyOf(token, id);
  calls.set(key, cancel);
  return () => {
    if (calls.get(key) === cancel) calls.delete(key);
  };
}

/** A notifications/cancelled for a call in flight with the same token: cancels it. */
export function cancelTrackedCall(body: unknown, token: string): boolean {
  const b = body as { jsonrpc?: unknown; method?: unknown; params?: { requestId?: unknown } } | null;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || b.jsonrpc !== '2.0' || b.method !== 'notifications/cancelled') return false;
  const id = b.params?.requestId;
  if (typeof id !== 'string' && typeof id !== 'number') return false;
  const cancel = calls.get(keyOf(token, id));
  cancel?.();
  return Boolean(cancel);
}
