import { Center, Loader, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { queries } from '../../schema/queries.ts';
import { useRoute } from '../app/use-route.ts';
import { ct } from '../i18n/conversation-strings.ts';

/**
 * The thread's place while its conversation is not in the local store: loading, gone, or merged into
 * another one by a colleague (then the kept conversation opens instead: links, tabs and an open thread
 * follow the merge).
 */
export function MissingConversation({ id, loaded }: { id: string; loaded: boolean }) {
  const [, navigate] = useRoute();
  const [merge, mergeStatus] = useQuery(queries.conversations.mergedInto({ id }));
  const targetId = merge?.targetId ?? null;
  useEffect(() => {
    if (targetId) navigate({ name: 'conversation', id: targetId });
  }, [targetId, navigate]);
  const gone = loaded && mergeStatus.type === 'complete' && !targetId;
  return (
    <Center style={{ flex: 1 }}>
      {gone ? (
        <Text c="dimmed" data-testid="conversation-missing">
          {ct.view.notFound}
        </Text>
      ) : (
        <Loader aria-label={ct.view.loading} />
      )}
    </Center>
  );
}
