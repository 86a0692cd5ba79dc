import { useQuery } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { queries } from '../../schema/queries.ts';
import type { Session } from '../auth/use-session.ts';

/**
 * When an admin changes this operator's role or permissions (or deactivates them), the synced row
 * changes live: reload so the session, the Zero context and the UI follow at once. The server enforces
 * the change regardless; this keeps the screen honest.
 */
export function usePermissionRefresh(session: Session) {
  const [me] = useQuery(queries.operators.me());
  useEffect(() => {
    if (!me) return;
    const o = session.operator;
    const changed =
      !me.active ||
      me.role !== o.role ||
      me.canSendTemplates !== o.canSendTemplates ||
      JSON.stringify(me.channelScope ?? null) !== JSON.stringify(o.channelScope);
    if (changed) location.reload();
  }, [me, session.operator]);
}
