import { Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One section of Global Settings: a framed block with its title, an optional action beside it, and its body. */
export function SettingsSection({
  title,
  action,
  gap = 'sm',
  children,
}: {
  title: ReactNode;
  action?: ReactNode;
  gap?: 'xs' | 'sm';
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md">
      <Stack gap={gap}>
        <Group justify="space-between">
          <Title order={3} size="h4">
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
