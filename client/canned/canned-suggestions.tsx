import { Badge, Box, Button, Group, Paper, Text } from '@mantine/core';
import type { CannedResponse } from '../../schema/schema.ts';
import { cannedStrings } from '../i18n/canned-strings.ts';

/** The "/" menu above the composer's box (a listbox the text box controls, as a combobox does). */
export function CannedSuggestions(props: {
  id: string;
  matches: CannedResponse[];
  active: number;
  hasAny: boolean;
  onPick: (r: CannedResponse) => void;
  onManage: () => void;
}) {
  return (
    <Paper withBorder shadow="sm" p={4} data-testid="canned-suggestions">
      {props.matches.length === 0 ? (
        <Text size="sm" c="dimmed" px="xs" py={4}>
          {props.hasAny ? cannedStrings.none : cannedStrings.noneYet}
        </Text>
      ) : (
        <Box id={props.id} role="listbox" aria-label={cannedStrings.listLabel}>
          {props.matches.map((r, i) => (
            <Box
              key={r.id}
              id={`${props.id}-${r.id}`}
              role="option"
              aria-selected={i === props.active}
              px="xs"
              py={4}
              style={{
                cursor: 'pointer',
                borderRadius: 4,
                background: i === props.active ? 'var(--mantine-color-default-hover)' : undefined,
              }}
              // mousedown, not click: the text box keeps its focus.
              onMouseDown={(e) => {
                e.preventDefault();
                props.onPick(r);
              }}
            >
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={600}>
                  /{r.shortcut}
                </Text>
                <Text size="sm" truncate style={{ flex: 1 }}>
                  {r.title}
                </Text>
                {r.ownerId == null && (
                  <Badge size="xs" variant="light">
                    {cannedStrings.sharedBadge}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {r.body}
              </Text>
            </Box>
          ))}
        </Box>
      )}
      <Group justify="space-between" px="xs" pt={4}>
        <Text size="xs" c="dimmed">
          {cannedStrings.hint}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          onMouseDown={(e) => e.preventDefault()}
          onClick={props.onManage}
        >
          {cannedStrings.manage}
        </Button>
      </Group>
    </Paper>
  );
}
