import { Alert, Center, Loader } from '@mantine/core';
import { LoginPage } from '../auth/login-page.tsx';
import { useSession } from '../auth/use-session.ts';
import { OutboxProvider } from '../conversation/outbox-provider.tsx';
import { AcceptInvitePage } from '../settings/accept-invite-page.tsx';
import { AppShellLayout } from '../shell/app-shell-layout.tsx';
import { SimulatorPage } from '../simulator/simulator-page.tsx';
import { CdeskZeroProvider } from '../zero/cdesk-zero-provider.tsx';
import { useRoute } from './use-route.ts';

export function App() {
  const { state, refresh } = useSession();
  const [route] = useRoute();
  if (route.name === 'simulator') return <SimulatorPage />;
  const invite = /^\/invite\/([^/]+)$/.exec(location.pathname)?.[1];
  if (invite) return <AcceptInvitePage token={decodeURIComponent(invite)} />;
  switch (state.status) {
    case 'loading':
      return (
        <Center mih="100vh">
          <Loader aria-label="Loading" />
        </Center>
      );
    case 'signed-out':
      return <LoginPage onSignedIn={() => void refresh()} />;
    case 'error':
      return (
        <Center mih="100vh">
          <Alert color="red" title="CDESK is unreachable">
            {state.message}
          </Alert>
        </Center>
      );
    case 'signed-in':
      return (
        <CdeskZeroProvider session={state.session}>
          <OutboxProvider userId={state.session.operator.id}>
            <AppShellLayout session={state.session} />
          </OutboxProvider>
        </CdeskZeroProvider>
      );
  }
}
