import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import type { ComponentProps } from 'react';
import { REQUEST_PRIORITIES } from '../../schema/mutators/requests.ts';
import { queries } from '../../schema/queries.ts';
import { ChoiceSelect } from '../app/choice-select.tsx';
import { ct } from '../i18n/conversation-strings.ts';

// A request's company, template and priority, picked the same way in the new-request form and the
// request's detail.

export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/** The catalogs a request names a row of: a company (searchable: that list can be long), a template. */
const CATALOGS = {
  company: { label: ct.requests.company, searchable: true, query: () => queries.catalog.companies() },
  template: {
    label: ct.requests.template,
    searchable: false,
    query: () => queries.catalog.requestTemplates(),
  },
};

/** The request's company or template: a row of that catalog, or none. */
export function CatalogSelect({
  catalog,
  ...props
}: Omit<SelectProps, 'label' | 'data' | 'value' | 'onChange'> & {
  catalog: keyof typeof CATALOGS;
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { label, searchable, query } = CATALOGS[catalog];
  const [rows] = useQuery(query());
  return (
    <Select
      label={label}
      data={rows.map((r) => ({ value: r.id, label: r.name }))}
      searchable={searchable}
      clearable
      {...props}
    />
  );
}

/** The request's priority: always one of them. */
export function PrioritySelect(
  props: Omit<ComponentProps<typeof ChoiceSelect<RequestPriority>>, 'label' | 'choices' | 'labelOf'>,
) {
  return (
    <ChoiceSelect
      label={ct.requests.priority}
      choices={REQUEST_PRIORITIES}
      labelOf={(p) => ct.requests.priorities[p]}
      {...props}
    />
  );
}
