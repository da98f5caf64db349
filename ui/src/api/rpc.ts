// Commands to devices: POST /api/plugins/rpc/{oneway|twoway}/{deviceId} with {method, params}.
// One-way calls answer without a body once the device got the command; two-way calls answer
// with the device's reply (any JSON). Errors (device offline 504/409, no such device 404) come
// back as ApiError with the server's message.
import { api } from './client';

export type RpcKind = 'oneway' | 'twoway';

export interface RpcRequest {
  method: string;
  params: unknown;
  /** Milliseconds the server waits for the device. */
  timeout?: number;
}

export const rpcApi = {
  send: (kind: RpcKind, deviceId: string, request: RpcRequest) =>
    kind === 'oneway'
      ? api.post<void>(`/api/plugins/rpc/oneway/${encodeURIComponent(deviceId)}`, request, { response: 'none' }).then(() => null)
      : api.post<string>(`/api/plugins/rpc/twoway/${encodeURIComponent(deviceId)}`, request, { response: 'text' }).then(parseReply),
};

/** A two-way reply: JSON when it parses, else the text; null for an empty body. */
function parseReply(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
