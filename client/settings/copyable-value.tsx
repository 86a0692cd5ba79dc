import { Button, Code, CopyButton, Group } from '@mantine/core';
import { settingsStrings as s } from '../i18n/settings-strings.ts';

/** A value shown once to be copied elsewhere (an API token, an invite link): the text and a Copy button. */
export function CopyableValue({ value, testId }: { value: string; testId: string }) {
  return (
    <Group wrap="nowrap" align="flex-start">
      <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid={testId}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="light" onClick={copy}>
            {copied ? s.link.copied : s.link.copy}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
