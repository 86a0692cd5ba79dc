import { HeartbeatAnswer, type HeartbeatBody } from '../../schema/heartbeat.ts';

/**
 * Says "still here" without Zero (schema/heartbeat.ts). Resolves to which fields the synced rows already
 * agree with, or null when the beat did not get through (offline, signed out, a server error): the next
 * one tries again.
 */
export async function postHeartbeat(body: HeartbeatBody): Promise<HeartbeatAnswer | null> {
  try {
    const res = await fetch('/api/heartbeat', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) return null;
    const answer = HeartbeatAnswer.safeParse(await res.json());
    return answer.success ? answer.data : null;
  } catch {
    return null;
  }
}
