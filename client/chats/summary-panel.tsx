import {
  Box,
  CloseButton,
  Group,
  Loader,
  Paper,
  RingProgress,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconBuildingLighthouse, IconConfetti, IconHourglass, IconTrophy } from '@tabler/icons-react';
import { participantLabel } from '../../schema/contact-label.ts';
import { dayKey } from '../../schema/day-key.ts';
import { queries } from '../../schema/queries.ts';
import { MUTED, SUCCESS } from '../app/text-colors.ts';
import { summaryStrings as s } from '../i18n/summary-strings.ts';
import { formatDuration } from './format-duration.ts';
import { SUMMARY_PANEL_WIDTH } from './summary-width.ts';
import { useNow } from './use-now.ts';

/** What the panel says, from the counters alone (pure, so it is tested without a browser). */
export function summaryModel(input: { handled: number; goal: number; waiting: number; loading?: boolean }) {
  const goal = Math.max(1, input.goal);
  const percent = Math.min(100, Math.round((input.handled / goal) * 100));
  // Before the counters arrive, zero waiting means "not known yet", not an empty queue.
  const loading = input.loading === true;
  const encouragement = loading
    ? s.loading
    : input.waiting === 0
      ? s.encourageEmpty
      : input.handled >= goal
        ? s.encourageGoal
        : input.handled === 0
          ? s.encourageStart
          : s.encourageToGo(goal - input.handled);
  return {
    goal,
    percent,
    loading,
    goalReached: !loading && input.handled >= goal,
    queueEmpty: !loading && input.waiting === 0,
    encouragement,
  };
}

/**
 * The right-hand panel for the signed-in operator: handled today (a ring toward the daily goal), how many
 * customers wait for a reply (a click filters the table to them), the longest wait, and a word of
 * encouragement. Every number is a counter row kept current by the writes: nothing scans conversations.
 */
export function SummaryPanel({
  timeZone,
  onShowWaiting,
  onOpen,
  onClose,
}: {
  timeZone: string;
  onShowWaiting: () => void;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const now = useNow(30_000);
  const day = dayKey(now, timeZone);
  const [myDay] = useQuery(queries.stats.myDay({ day }));
  const [settings] = useQuery(queries.settings.get());
  const [channelStats, statsResult] = useQuery(queries.stats.channels());
  const [longest] = useQuery(queries.conversations.longestWaiting());
  const [channelDays] = useQuery(queries.stats.channelDays({ day }));
  const billable = channelDays.reduce((sum, c) => sum + c.billableCount, 0);

  const handled = myDay?.handledCount ?? 0;
  const waiting = channelStats.reduce((sum, c) => sum + c.waitingCount, 0);
  // The local store may already hold the counters (shown at once); with none yet, wait for the server.
  const loading = channelStats.length === 0 && statsResult.type !== 'complete';
  const m = summaryModel({ handled, goal: settings?.handledDailyGoal ?? 20, waiting, loading });
  const longestName = longest ? participantLabel(longest) : '';
  const longestFor = longest?.awaitingSince != null ? formatDuration(now - longest.awaitingSince) : null;

  return (
    <Paper
      component="aside"
      aria-label={s.title}
      withBorder
      radius={0}
      p="md"
      data-testid="summary-panel"
      aria-busy={m.loading || undefined}
      style={{
        width: SUMMARY_PANEL_WIDTH,
        flexShrink: 0,
        overflowY: 'auto',
        borderTop: 0,
        borderBottom: 0,
        borderRight: 0,
      }}
    >
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h5">
          {s.title}
        </Title>
        <CloseButton aria-label={s.close} onClick={onClose} data-testid="summary-close" />
      </Group>
      <Stack gap="md">
        <Stack gap={4} align="center">
          <RingProgress
            size={140}
            thickness={12}
            roundCaps
            sections={
              m.percent > 0 ? [{ value: m.percent, color: m.goalReached ? 'teal.7' : 'cdeskBlue.6' }] : []
            }
            label={
              <Stack gap={0} align="center">
                {m.goalReached ? (
                  <ThemeIcon color="teal" variant="light" radius="xl" size="lg" aria-hidden>
                    <IconTrophy size={20} />
                  </ThemeIcon>
                ) : null}
                <Text fw={700} size="xl" data-testid="summary-handled">
                  {handled}
                </Text>
                <Text size="xs" c={MUTED}>
                  {s.handledOfGoal(handled, m.goal)}
                </Text>
              </Stack>
            }
            aria-label={`${s.handledToday}: ${s.handledOfGoal(handled, m.goal)}`}
            role="img"
          />
          <Text size="sm" fw={600}>
            {s.handledToday}
          </Text>
          <Text size="xs" c={MUTED}>
            {s.goalLabel(m.goal)}
          </Text>
          <Text size="sm" data-testid="summary-resolved">
            {s.resolvedToday(myDay?.resolvedCount ?? 0)}
          </Text>
          <Text size="sm" c={MUTED} title={s.billableHint} data-testid="summary-billable">
            {s.billableToday(billable)}
          </Text>
        </Stack>

        <UnstyledButton
          onClick={onShowWaiting}
          aria-label={`${s.waiting}: ${waiting}. ${s.showWaiting}`}
          data-testid="summary-waiting"
          style={{
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 8,
            padding: 12,
          }}
        >
          <Group wrap="nowrap" gap="sm">
            <Box
              aria-hidden
              style={{
                display: 'grid',
                placeItems: 'center',
                width: 44,
                height: 44,
                flexShrink: 0,
                borderRadius: 8,
                background: `var(--mantine-color-${waiting ? 'orange' : 'teal'}-light)`,
                color: `var(--mantine-color-${waiting ? 'orange' : 'teal'}-light-color)`,
              }}
            >
              {waiting || m.loading ? <IconBuildingLighthouse size={24} /> : <IconConfetti size={24} />}
            </Box>
            <div>
              {m.loading ? (
                <Loader size="sm" my={4} aria-label={s.loading} data-testid="summary-loading" />
              ) : (
                <Text fw={700} size="xl" lh={1.1} data-testid="summary-waiting-count">
                  {waiting}
                </Text>
              )}
              <Text size="sm">{s.waiting}</Text>
            </div>
          </Group>
        </UnstyledButton>

        {longest && longestFor && (
          <UnstyledButton
            onClick={() => onOpen(longest.id)}
            aria-label={s.longestWaitOpen(longestName)}
            data-testid="summary-longest"
            style={{ borderRadius: 8, padding: 4 }}
          >
            <Group wrap="nowrap" gap="sm" align="flex-start">
              <IconHourglass size={18} aria-hidden style={{ marginTop: 2, flexShrink: 0 }} />
              <Box style={{ minWidth: 0 }}>
                <Text size="xs" c={MUTED}>
                  {s.longestWait}
                </Text>
                <Text size="sm" fw={600}>
                  {longestFor}
                </Text>
                <Text size="sm" truncate>
                  {longestName}
                </Text>
              </Box>
            </Group>
          </UnstyledButton>
        )}

        <Text
          size="sm"
          c={m.queueEmpty || m.goalReached ? SUCCESS : undefined}
          fw={500}
          data-testid="summary-encouragement"
        >
          {m.encouragement}
        </Text>
      </Stack>
    </Paper>
  );
}
