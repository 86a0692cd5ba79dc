import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionedOperatorIds, mentionQueryAt } from '../../schema/note-mentions.ts';

const team = [
  { id: 'op-olga', name: 'Olga Operator', active: true },
  { id: 'op-oscar', name: 'Oscar Operator', active: true },
  { id: 'op-ada', name: 'Ada Admin', active: true },
  { id: 'op-ana1', name: 'Ana Novak', active: true },
  { id: 'op-ana2', name: 'Ana Svoboda', active: true },
  { id: 'op-gone', name: 'Gina Gone', active: false },
];

describe('mentionedOperatorIds', () => {
  it('finds colleagues by full name or by a first name only one of them has, whatever the case', () => {
    expect(mentionedOperatorIds('@Olga please call her back', team, 'op-ada')).toEqual(['op-olga']);
    expect(mentionedOperatorIds('cc @oscar operator, @OLGA.', team, 'op-ada')).toEqual([
      'op-olga',
      'op-oscar',
    ]);
    // Two Anas: the first name alone names nobody, the full name names one.
    expect(mentionedOperatorIds('@Ana see this', team, 'op-ada')).toEqual([]);
    expect(mentionedOperatorIds('@Ana Svoboda see this', team, 'op-ada')).toEqual(['op-ana2']);
  });

  it('ignores the author, inactive colleagues, e-mail addresses and longer words', () => {
    expect(mentionedOperatorIds('@Ada note to self', team, 'op-ada')).toEqual([]);
    expect(mentionedOperatorIds('@Gina are you there', team, 'op-ada')).toEqual([]);
    expect(mentionedOperatorIds('write to olga@example.com', team, 'op-ada')).toEqual([]);
    expect(mentionedOperatorIds('@Olgaxyz is not Olga', team, 'op-ada')).toEqual([]);
    expect(mentionedOperatorIds('no mention at all', team, 'op-ada')).toEqual([]);
  });

  it('never names the author and returns each colleague once, sorted, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('@Olga ', '@Oscar Operator ', '@Ada ', 'hi ', '@', 'x'), { maxLength: 12 }),
        (parts) => {
          const ids = mentionedOperatorIds(parts.join(''), team, 'op-ada');
          expect(ids).not.toContain('op-ada');
          expect(ids).toEqual([...new Set(ids)].sort());
        },
      ),
    );
  });
});

describe('mentionQueryAt', () => {
  it('is what follows the "@" just before the caret, and nothing inside an e-mail address', () => {
    expect(mentionQueryAt('Hi @Ol', 6)).toBe('Ol');
    expect(mentionQueryAt('Hi @', 4)).toBe('');
    expect(mentionQueryAt('Hi @Olga Op', 11)).toBe('Olga Op');
    expect(mentionQueryAt('olga@exa', 8)).toBeNull();
    expect(mentionQueryAt('no at sign', 5)).toBeNull();
    expect(mentionQueryAt('@Olga, please', 13)).toBeNull();
  });
});
