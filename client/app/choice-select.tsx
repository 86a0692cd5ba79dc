import { Select, type SelectProps } from '@mantine/core';

/**
 * A Select over a fixed list of values (a role, a request's status or priority): always one of them,
 * each shown by its label.
 */
export function ChoiceSelect<T extends string>({
  choices,
  labelOf,
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'allowDeselect'> & {
  choices: readonly T[];
  labelOf: (choice: T) => string;
  value: T;
  onChange: (choice: T) => void;
}) {
  return (
    <Select
      data={choices.map((c) => ({ value: c, label: labelOf(c) }))}
      value={value}
      onChange={(v) => v && onChange(v as T)}
      allowDeselect={false}
      {...props}
    />
  );
}
