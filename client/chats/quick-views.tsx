import { SegmentedControl } from '@mantine/core';
import { commandStrings as s } from '../i18n/command-strings.ts';
import type { ChatsView, LifecycleView, OwnerView } from './filter-model.ts';

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
      <SegmentedControl
        size="xs"
        aria-label={s.views.owner}
        data-testid="owner-view"
        value={view.owner ?? 'all'}
        onChange={(v) => set({ owner: v as OwnerView | 'all' })}
        data={[
          { value: 'all', label: s.views.all },
          { value: 'mine', label: s.views.mine },
          { value: 'unassigned', label: s.views.unassigned },
        ]}
      />
      <SegmentedControl
        size="xs"
        aria-label={s.views.state}
        data-testid="state-view"
        value={view.lifecycle ?? 'active'}
        onChange={(v) => set({ lifecycle: v as LifecycleView | 'active' })}
        data={[
          { value: 'active', label: s.views.active },
          { value: 'resolved', label: s.views.resolved },
          { value: 'any', label: s.views.anyState },
        ]}
      />
    </>
  );
}
