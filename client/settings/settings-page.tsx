import { Box, Button, NavLink, ScrollArea, Stack, Title } from '@mantine/core';
import { IconArrowLeft, IconKey, IconListDetails, IconMessages, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import type { Session } from '../auth/use-session.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { ApiTokens } from './api-tokens.tsx';
import { AuditLog } from './audit-log.tsx';
import { AutoAssignSettings } from './auto-assign-settings.tsx';
import { ChannelHealth } from './channel-health.tsx';
import { ModuleSwitch } from './module-switch.tsx';
import { OperatorsAdmin } from './operators-admin.tsx';
import { WhatsappLinkForm } from './whatsapp-link-form.tsx';

type Section = 'chats' | 'operators' | 'apiTokens' | 'audit';

const NAV: { id: Section; icon: typeof IconMessages }[] = [
  { id: 'chats', icon: IconMessages },
  { id: 'operators', icon: IconUsers },
  { id: 'apiTokens', icon: IconKey },
  { id: 'audit', icon: IconListDetails },
];

/** Global Settings (admins): Omnichannel > Chats, Operators, API tokens, Audit log. */
export function SettingsPage({ session, onBack }: { session: Session; onBack: () => void }) {
  const [section, setSection] = useState<Section>('chats');
  return (
    <Box style={{ flex: 1, minHeight: 0, display: 'flex' }} data-testid="settings-page">
      <Stack
        gap={4}
        p="xs"
        w={230}
        style={{ borderRight: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}
        component="nav"
        aria-label={s.title}
      >
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconArrowLeft size={14} />}
          onClick={onBack}
          justify="flex-start"
        >
          {s.backToChats}
        </Button>
        <Title order={2} size="h5" px="sm" py={6}>
          {s.title}
        </Title>
        {NAV.map(({ id, icon: Icon }) => (
          <NavLink
            key={id}
            label={s.nav[id]}
            leftSection={<Icon size={16} />}
            active={section === id}
            onClick={() => setSection(id)}
            data-testid={`settings-nav-${id}`}
          />
        ))}
      </Stack>
      <ScrollArea style={{ flex: 1 }} p="md">
        <Stack maw={1000} gap="md" pb="xl">
          {section === 'chats' && (
            <>
              <ModuleSwitch licensed={session.licence.chats} />
              <AutoAssignSettings />
              <ChannelHealth />
              <WhatsappLinkForm />
            </>
          )}
          {section === 'operators' && <OperatorsAdmin currentOperatorId={session.operator.id} />}
          {section === 'apiTokens' && <ApiTokens currentOperatorId={session.operator.id} />}
          {section === 'audit' && <AuditLog />}
        </Stack>
      </ScrollArea>
    </Box>
  );
}
