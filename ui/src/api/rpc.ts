// Commands to devices: POST /api/plugins/rpc/{oneway|twoway}/{deviceId} with {method, params}.
// One-way calls answer without a body once the device got the command; two-way calls answer
// with the device's reply (any JSON). Errors come back as ApiError with the server's message; the
// reference answers 409 (device offline) and 504 (no reply in time) without a body, so those get
// a message here.
import { api, ApiError } from './client';

export type RpcKind = 'oneway' | 'twoway';

export interface RpcRequest {
  method: string;
  params: unknown;
  /** Milliseconds the server waits for the device. */
  timeout?: number;
}

/** What the statuses the reference answers without a body mean for an RPC call. */
const BODILESS_STATUS: Record<number, string> = {
  409: 'The device is not connected: the command was not delivered (409)',
  504: 'The device did not answer in time (504)',
};

/** An error without a message of its own (only "409 Conflict") gets the meaning of its status. */
function explain(error: unknown): never {
  if (error instanceof ApiError && BODILESS_STATUS[error.status] && /^\d{3}\b/.test(error.message)) {
    throw new ApiError(error.status, BODILESS_STATUS[error.status], error.errorCode);
  }
  throw error;
}

export const rpcApi = {
  send: (kind: RpcKind, deviceId: string, request: RpcRequest): Promise<unknown> => {
    const path = `/api/plugins/rpc/${kind}/${encodeURIComponent(deviceId)}`;
    const call =
      kind === 'oneway'
        ? api.post<void>(path, request, { response: 'none' }).then(() => null)
        : api.post<string>(path, request, { response: 'text' }).then(parseReply);
    return call.catch(explain);
  },
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
