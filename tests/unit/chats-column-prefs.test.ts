import { describe, expect, it } from 'vitest';
import {
  defaultLayout,
  mergeLayout,
  moveColumn,
  serializeLayout,
  toggleColumn,
} from '../../client/chats/column-prefs.ts';

const ALL = ['number', 'source', 'participant', 'lastMessage', 'createdAt'] as const;

describe('column layout persistence', () => {
  it('shows every column in the default order when nothing is saved', () => {
    expect(serializeLayout(mergeLayout(null, ALL))).toEqual([...ALL]);
    expect(serializeLayout(mergeLayout([], ALL, ['source']))).toEqual([
      'number',
      '-source',
      'participant',
      'lastMessage',
      'createdAt',
    ]);
  });

  it('restores the saved order and hidden columns', () => {
    const saved = ['lastMessage', '-number', 'participant', 'source', 'createdAt'];
    expect(serializeLayout(mergeLayout(saved, ALL))).toEqual(saved);
  });

  it('adds a column introduced in a later release, visible, after its default predecessor', () => {
    // Saved before 'participant' existed; the operator had moved createdAt first and hidden source.
    const saved = ['createdAt', 'number', '-source', 'lastMessage'];
    expect(serializeLayout(mergeLayout(saved, ALL))).toEqual([
      'createdAt',
      'number',
      '-source',
      'participant',
      'lastMessage',
    ]);
  });

  it('puts a new first column first, and keeps a new column hidden when it is hidden by default', () => {
    expect(serializeLayout(mergeLayout(['source', 'participant', 'lastMessage', 'createdAt'], ALL))[0]).toBe(
      'number',
    );
    expect(
      serializeLayout(mergeLayout(['number', 'source', 'participant', 'lastMessage'], ALL, ['createdAt'])),
    ).toEqual(['number', 'source', 'participant', 'lastMessage', '-createdAt']);
  });

  it('drops columns this release no longer has, and duplicates', () => {
    const saved = [
      'number',
      'legacyColumn',
      '-gone',
      'source',
      'number',
      'participant',
      'lastMessage',
      'createdAt',
    ];
    expect(serializeLayout(mergeLayout(saved, ALL))).toEqual([...ALL]);
  });

  it('moves a column up and down', () => {
    const layout = defaultLayout(ALL);
    expect(serializeLayout(moveColumn(layout, 3, 0))).toEqual([
      'lastMessage',
      'number',
      'source',
      'participant',
      'createdAt',
    ]);
    expect(serializeLayout(moveColumn(layout, 0, 1))).toEqual([
      'source',
      'number',
      'participant',
      'lastMessage',
      'createdAt',
    ]);
    expect(moveColumn(layout, 0, -1)).toBe(layout);
    expect(moveColumn(layout, 4, 5)).toBe(layout);
  });

  it('hides and shows a column but never hides the last visible one', () => {
    const hidden = toggleColumn(defaultLayout(ALL), 'source');
    expect(serializeLayout(hidden)[1]).toBe('-source');
    expect(serializeLayout(toggleColumn(hidden, 'source'))[1]).toBe('source');
    const one = mergeLayout(['number', '-source', '-participant', '-lastMessage', '-createdAt'], ALL);
    expect(toggleColumn(one, 'number')).toBe(one);
  });
});
