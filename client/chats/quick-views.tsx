import { Button } from '@mantine/core';
import { commandStrings as s } from '../i18n/command-strings.ts';
import type { ChatsView, LifecycleView, OwnerView } from './filter-model.ts';

type Choice<V extends string> = { value: V; label: string };

/**
 * One of a few choices, as a group of toggle buttons. Mantine's Button (already on the Chats route)
 * rather than its SegmentedControl, whose code and animated indicator were 2 kB of the route's
 * 250 kB budget (issue 12).
 */
function Choices<V extends string>({
  label,
  testId,
  value,
  choices,
  onChange,
}: {
  label: string;
  testId: string;
  value: V;
  choices: readonly Choice<V>[];
  onChange: (value: V) => void;
}) {
  return (
    <Button.Group aria-label={label} data-testid={testId}>
      {choices.map((c) => (
        <Button
          key={c.value}
          size="xs"
          variant={c.value === value ? 'light' : 'default'}
          aria-pressed={c.value === value}
          onClick={() => onChange(c.value)}
        >
          {c.label}
        </Button>
      ))}
    </Button.Group>
  );
}

/**
 * The Chats tab's quick views: whose conversations (All, Mine, Unassigned) and which states (the active
 * inbox, resolved, any). They are part of the view, so saved filters keep them.
 */
export function QuickViews({ view, onChange }: { view: ChatsView; onChange: (view: ChatsView) => void }) {
  const set = (patch: { owner?: OwnerView | 'all'; lifecycle?: LifecycleView | 'active' }) => {
    const next: ChatsView = { ...view };
    if (patch.owner !== undefined) {
      if (patch.owner === 'all') delete next.owner;
      else next.owner = patch.owner;
    }
    if (patch.lifecycle !== undefined) {
      if (patch.lifecycle === 'active') delete next.lifecycle;
      else next.lifecycle = patch.lifecycle;
    }
    onChange(next);
  };
  return (
    <>
      <Choices<OwnerView | 'all'>
        label={s.views.owner}
        testId="owner-view"
        value={view.owner ?? 'all'}
        onChange={(owner) => set({ owner })}
        choices={[
          { value: 'all', label: s.views.all },
          { value: 'mine', label: s.views.mine },
          { value: 'unassigned', label: s.views.unassigned },
        ]}
      />
      <Choices<LifecycleView | 'active'>
        label={s.views.state}
        testId="state-view"
        value={view.lifecycle ?? 'active'}
        onChange={(lifecycle) => set({ lifecycle })}
        choices={[
          { value: 'active', label: s.views.active },
          { value: 'resolved', label: s.views.resolved },
          { value: 'any', label: s.views.anyState },
        ]}
      />
    </>
  );
}
