import http, { type IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { parse as parseCookies } from 'hono/utils/cookie';
import { listenForEndedSessions } from '../auth/session-ended.ts';
import { findSession, SESSION_COOKIE, stillValidSessions } from '../auth/session-store.ts';
import type { AppDeps } from '../http/app-context.ts';
import { crossOriginVerdict, firstValue } from '../http/cross-origin.ts';

const RECHECK_MS = 30_000;

/** Where browsers open the sync websocket on the app's own origin (Zero's `cacheURL` is origin + this). */
export const ZERO_SYNC_PATH = '/zero';

// zero-cache matches "(/:base)/:worker/v:version/:action"; only the sync worker is for browsers (the
// "replication" worker on the same port is the change-streamer's, for view-syncers only).
const SYNC_CONNECT = /^\/zero\/sync\/v\d+\/connect(?:\?|$)/;

/**
 * The node:http 'upgrade' listener that carries the Zero sync websocket from the public port to zero-cache
 * on loopback, so the app, REST, webhooks and sync share one origin and zero-cache is not exposed.
 * Before anything reaches zero-cache: the path must be the sync endpoint, the Origin must be ours
 * (cross-origin.ts) and the session cookie must be valid. Then the handshake is relayed with node:http
 * and the two sockets are piped byte for byte: frames are neither decoded nor re-encoded (no CPU per
 * message here, and zero-cache's permessage-deflate negotiation passes through untouched). The request
 * headers, the session cookie among them, go through unchanged: zero-cache forwards the cookie, Origin
 * and X-Forwarded-Host to /api/zero/query and /mutate, where the same Origin rule applies.
 */
export function zeroSyncProxy(deps: AppDeps, target = deps.zeroUrl, recheckMs = RECHECK_MS) {
  const upstream = new URL(target);
  // Open sync websockets by session: a session that ends (sign-out, revocation by an admin, a new
  // password, deactivation) has its websockets closed at once, not when zero-cache next asks us.
  const bySession = new Map<string, Set<Duplex>>();
  const closeSessions = (ids: Iterable<string>) => {
    for (const id of ids) {
      for (const socket of bySession.get(id) ?? []) socket.destroy();
      bySession.delete(id);
    }
  };
  // Expiry, the idle timeout, deactivation and announcements missed while the listener reconnected are
  // caught by a periodic check of the sessions still open.
  const recheck = async () => {
    if (bySession.size === 0) return;
    const open = [...bySession.keys()];
    const valid = await stillValidSessions(deps.pool, open, deps.env.SESSION_IDLE_MINUTES);
    closeSessions(open.filter((id) => !valid.has(id)));
  };
  const recheckSafely = () =>
    void recheck().catch((err: Error) =>
      deps.log('warn', 'sync proxy: session check failed', { error: err.message }),
    );
  const listener = deps.env.DATABASE_URL
    ? listenForEndedSessions(deps.env.DATABASE_URL, closeSessions, recheckSafely, deps.log)
    : null;
  const timer = setInterval(recheckSafely, recheckMs);
  timer.unref();

  const handler = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void relay(req, socket, head).catch((err: Error) => {
      deps.log('warn', 'sync proxy failed', { error: err.message });
      refuse(socket, 502, 'Bad Gateway');
    });
  };
  /** Stops listening for ended sessions (the websockets themselves close with the server). */
  const close = async () => {
    clearInterval(timer);
    await listener?.stop();
  };
  return Object.assign(handler, { close, listening: listener?.listening ?? Promise.resolve() });

  async function relay(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = req.url ?? '';
    if (req.method !== 'GET' || !SYNC_CONNECT.test(url)) return refuse(socket, 404, 'Not Found');
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const verdict = crossOriginVerdict(header, deps.env.PUBLIC_URL);
    if (!verdict.ok) {
      deps.log('warn', 'cross-origin sync websocket refused', { origin: header('origin') });
      return refuse(socket, 403, 'Forbidden');
    }
    const token = parseCookies(header('cookie') ?? '', SESSION_COOKIE)[SESSION_COOKIE];
    const session = await findSession(deps.pool, token, deps.env.SESSION_IDLE_MINUTES);
    if (!session) return refuse(socket, 401, 'Unauthorized');
    if (socket.destroyed) return;
    const sockets = bySession.get(session.sessionId) ?? new Set<Duplex>();
    bySession.set(session.sessionId, sockets.add(socket));
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && bySession.get(session.sessionId) === sockets)
        bySession.delete(session.sessionId);
    });

    const forwardedHost = firstValue(header('x-forwarded-host')) ?? header('host') ?? '';
    // Only a scheme we know: a TLS proxy in front that does not say so must not be taken for plain http
    // (the Origin check at /api/zero/* compares the scheme when one is forwarded).
    const forwardedProto =
      firstValue(header('x-forwarded-proto')) ??
      ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : undefined);
    const forwardedFor = [header('x-forwarded-for'), req.socket.remoteAddress].filter(Boolean).join(', ');
    const proxyReq = http.request({
      host: upstream.hostname,
      port: upstream.port,
      method: 'GET',
      path: url,
      headers: {
        ...req.headers,
        'x-forwarded-host': forwardedHost,
        ...(forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {}),
        'x-forwarded-for': forwardedFor,
      },
    });
    proxyReq.on('error', (err) => {
      deps.log('warn', 'sync proxy: zero-cache unreachable', { error: err.message });
      refuse(socket, 502, 'Bad Gateway');
    });
    // zero-cache refused the handshake (bad parameters, overloaded): pass its answer on as is.
    proxyReq.on('response', (res) => {
      const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage ?? ''}`];
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      res.pipe(socket);
    });
    proxyReq.on('upgrade', (res, proxySocket, proxyHead) => {
      const lines = ['HTTP/1.1 101 Switching Protocols'];
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (proxyHead.length) socket.write(proxyHead);
      if (head.length) proxySocket.write(head);
      proxySocket.setNoDelay(true);
      if (socket instanceof Socket) socket.setNoDelay(true);
      const close = () => {
        socket.destroy();
        proxySocket.destroy();
      };
      socket.on('close', close);
      proxySocket.on('close', close);
      proxySocket.on('error', close);
      proxySocket.pipe(socket);
      socket.pipe(proxySocket);
    });
    proxyReq.end();
  }
}

function refuse(socket: Duplex, status: number, text: string) {
  if (socket.destroyed || !socket.writable) return socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
