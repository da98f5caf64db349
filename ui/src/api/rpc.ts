// Commands to devices: POST /api/plugins/rpc/{oneway|twoway}/{deviceId} with {method, params}.
// One-way calls answer without a body once the device got the command; two-way calls answer
// with the device's reply (any JSON). Errors come back as ApiError with the server's message; the
// time-outs come without a body (v1: 408 when the device had a session, 409 when no session ever
// took the call; v2 /api/rpc: 504), so those get a message here, for every caller (the dashboard's
// RPC widget, the device's RPC panel).
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
  408: 'The device is connected but did not answer within the timeout (408)',
  409: 'The device is not connected: no session took the command within the timeout (409)',
  504: 'The device did not answer within the timeout (504)',
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
