// One WebSocket to /api/ws shared by every live view of the app. The first frame authenticates
// ({"authCmd": {"cmdId": 0, "token": JWT}}) and carries the subscriptions; later frames add or
// end subscriptions. The socket opens with the first subscription, closes shortly after the last
// one ends, reconnects with backoff when the server drops it, and reconnects with the new token
// when the tokens change (refresh, another tab). A token the server refuses (close 1008) is
// renewed once through the refresh token; if that fails the session ends as for REST calls.
import { freshToken, renewRefusedToken } from './client';
import type { AttributeScope } from './telemetry';
import { onTokensChanged, getToken } from './tokens';

export type SubscriptionCmd =
  | { type: 'TIMESERIES'; entityType: string; entityId: string; keys?: string[] }
  | { type: 'ATTRIBUTES'; entityType: string; entityId: string; scope: AttributeScope; keys?: string[] };

/** What the server pushes for a subscription: key → [[ts, value], ...]; values are strings. */
export interface SubscriptionUpdate {
  subscriptionId: number;
  errorCode: number;
  errorMsg?: string | null;
  data?: Record<string, [number, string | null][]> | null;
  latestValues?: Record<string, number> | null;
}

export type SocketStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

interface Subscriber {
  cmd: SubscriptionCmd;
  onUpdate: (update: SubscriptionUpdate) => void;
  onStatus: (status: SocketStatus) => void;
}

const POLICY_VIOLATION = 1008;
const ERROR_UNAUTHORIZED = 3;
const MAX_BACKOFF_MS = 30000;
const IDLE_CLOSE_MS = 1000;

function wire(cmdId: number, cmd: SubscriptionCmd, unsubscribe = false) {
  const { keys, ...rest } = cmd;
  return { ...rest, cmdId, ...(keys && keys.length ? { keys: keys.join(',') } : {}), ...(unsubscribe ? { unsubscribe } : {}) };
}

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/ws`;
}

class TelemetrySocket {
  private socket: WebSocket | null = null;
  private token: string | null = null;
  private readonly subscribers = new Map<number, Subscriber>();
  private nextCmdId = 1;
  private status: SocketStatus = 'closed';
  private failures = 0;
  private retryTimer: number | undefined;
  private idleTimer: number | undefined;
  private stopWatchingTokens: (() => void) | null = null;
  private connecting = false;

  subscribe(cmd: SubscriptionCmd, onUpdate: Subscriber['onUpdate'], onStatus: Subscriber['onStatus']): () => void {
    const cmdId = this.nextCmdId++;
    this.subscribers.set(cmdId, { cmd, onUpdate, onStatus });
    window.clearTimeout(this.idleTimer);
    onStatus(this.status);
    if (this.isOpen()) this.send({ cmds: [wire(cmdId, cmd)] });
    else if (!this.socket && this.retryTimer === undefined) void this.connect();
    return () => {
      if (!this.subscribers.delete(cmdId)) return;
      if (this.isOpen()) this.send({ cmds: [wire(cmdId, cmd, true)] });
      if (this.subscribers.size === 0) {
        window.clearTimeout(this.idleTimer);
        this.idleTimer = window.setTimeout(() => this.shutDown(), IDLE_CLOSE_MS);
      }
    };
  }

  private isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private send(frame: unknown): void {
    this.socket?.send(JSON.stringify(frame));
  }

  private setStatus(status: SocketStatus): void {
    this.status = status;
    this.subscribers.forEach((s) => s.onStatus(status));
  }

  private async connect(): Promise<void> {
    if (this.connecting || this.socket || this.subscribers.size === 0) return;
    this.connecting = true;
    this.setStatus(this.failures > 0 ? 'reconnecting' : 'connecting');
    const token = await freshToken();
    this.connecting = false;
    if (!token) {
      this.setStatus('closed'); // signed out: the app goes to the login page
      return;
    }
    if (this.socket || this.subscribers.size === 0) return;
    this.watchTokens();
    this.token = token;
    const socket = new WebSocket(socketUrl());
    this.socket = socket;
    socket.onopen = () => {
      const cmds = [...this.subscribers].map(([cmdId, s]) => wire(cmdId, s.cmd));
      socket.send(JSON.stringify({ authCmd: { cmdId: 0, token }, cmds }));
      this.setStatus('live');
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.failures = 0;
      this.dispatch(String(event.data), token);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return; // closed on purpose
      this.socket = null;
      void this.afterDrop(event.code === POLICY_VIOLATION, token);
    };
  }

  private dispatch(text: string, token: string): void {
    let update: SubscriptionUpdate;
    try {
      update = JSON.parse(text) as SubscriptionUpdate;
    } catch {
      return;
    }
    const subscriber = this.subscribers.get(update.subscriptionId);
    if (subscriber) {
      subscriber.onUpdate(update);
    } else if (update.errorCode === ERROR_UNAUTHORIZED) {
      // An error reply to the authCmd: same as a refusing close.
      this.drop();
      void this.afterDrop(true, token);
    }
  }

  /** The server dropped the socket: renew a refused token, then reconnect with backoff. */
  private async afterDrop(refused: boolean, usedToken: string): Promise<void> {
    if (this.subscribers.size === 0) {
      this.setStatus('closed');
      return;
    }
    if (refused && !(await renewRefusedToken(usedToken))) {
      this.setStatus('closed');
      return;
    }
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures);
    this.failures += 1;
    this.setStatus('reconnecting');
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  /** Closes the current socket without treating it as a drop. */
  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }

  private watchTokens(): void {
    if (this.stopWatchingTokens) return;
    this.stopWatchingTokens = onTokensChanged(() => {
      const current = getToken();
      if (current === this.token || this.subscribers.size === 0) return;
      // New tokens (refresh, login elsewhere): start over with them; none: signed out.
      this.drop();
      window.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.failures = 0;
      if (current) void this.connect();
      else this.setStatus('closed');
    });
  }

  private shutDown(): void {
    if (this.subscribers.size > 0) return;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.failures = 0;
    this.drop();
    this.stopWatchingTokens?.();
    this.stopWatchingTokens = null;
    this.token = null;
    this.status = 'closed';
  }
}

export const telemetrySocket = new TelemetrySocket();
