import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { queries } from '../../schema/queries.ts';
import type { Channel } from '../../schema/schema.ts';
import { formatTableDate } from '../chats/format-date.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';

const HEALTH_COLOR: Record<Channel['health'], string> = {
  unknown: 'gray',
  ok: 'green',
  token_expired: 'red',
  not_registered: 'orange',
  error: 'red',
};

/** Each business number's health, live from the channel rows the outbox and "Test connection" update. */
export function ChannelHealth() {
  const [channels] = useQuery(queries.channels.list());
  return (
    <Paper withBorder p="md" data-testid="channel-health">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {s.health.title}
        </Title>
        {channels.length === 0 && <Text c="dimmed">{s.health.none}</Text>}
        {channels.map((c) => (
          <Stack key={c.id} gap={2} data-testid="channel-health-row" data-health={c.health}>
            <Group gap="xs">
              <Text fw={600}>{c.displayPhoneNumber}</Text>
              {c.verifiedName && (
                <Text size="sm" c="dimmed">
                  {c.verifiedName}
                </Text>
              )}
              <Badge color={HEALTH_COLOR[c.health]} variant="light">
                {s.health.state[c.health]}
              </Badge>
              {c.mode === 'simulator' && (
                <Badge color="grape" variant="outline">
                  {s.link.modes.simulator}
                </Badge>
              )}
              {c.qualityRating && <Badge variant="outline">{c.qualityRating}</Badge>}
            </Group>
            {c.healthError && (
              <Text size="sm" c="red">
                {c.healthError}{' '}
                {c.healthChangedAt ? (
                  <Text span c="dimmed" size="xs" title={formatTableDate(c.healthChangedAt).full}>
                    ({s.health.since(formatTableDate(c.healthChangedAt).short)})
                  </Text>
                ) : null}
              </Text>
            )}
            {c.sendsPaused && (
              <Text size="sm" c="orange">
                {s.health.paused}
              </Text>
            )}
            {c.healthCheckedAt && (
              <Text size="xs" c="dimmed">
                {s.health.checked(formatTableDate(c.healthCheckedAt).short)}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
