import { Alert, Button, Center, Loader, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { PASSWORD_MIN } from '../../schema/operator-admin.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { settingsFetch } from './settings-api.ts';

/** /invite/<token>: a new operator (or a reset) chooses a password, then is signed in. */
export function AcceptInvitePage({ token }: { token: string }) {
  const [who, setWho] = useState<{ name: string; email: string } | null | 'invalid'>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void settingsFetch<{ name: string; email: string }>(`/api/auth/invite/${encodeURIComponent(token)}`).then(
      (r) => setWho(r.ok ? r.data : 'invalid'),
    );
  }, [token]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password.length < PASSWORD_MIN) return setError(`Use at least ${PASSWORD_MIN} characters.`);
    if (password !== repeat) return setError(s.invite.mismatch);
    setBusy(true);
    const res = await settingsFetch('/api/auth/invite/accept', { method: 'POST', body: { token, password } });
    setBusy(false);
    if (!res.ok) return setError(res.fields.password ?? res.message);
    location.assign('/');
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={420} maw="100%">
        {who === null ? (
          <Loader aria-label="Loading" />
        ) : who === 'invalid' ? (
          <Alert color="red" data-testid="invite-invalid">
            {s.invite.invalid}
          </Alert>
        ) : (
          <form onSubmit={(e) => void submit(e)}>
            <Stack>
              <Title order={2} size="h3">
                {s.invite.title}
              </Title>
              <Text size="sm" c="dimmed">
                {s.invite.for(who.name, who.email)}
              </Text>
              <PasswordInput
                label={s.invite.password}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="new-password"
                required
              />
              <PasswordInput
                label={s.invite.repeat}
                value={repeat}
                onChange={(e) => setRepeat(e.currentTarget.value)}
                autoComplete="new-password"
                required
              />
              {error && <Alert color="red">{error}</Alert>}
              <Button type="submit" loading={busy}>
                {s.invite.submit}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
