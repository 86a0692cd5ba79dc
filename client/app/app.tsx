import { Alert, Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { useSession } from '../auth/use-session.ts';
import { OutboxProvider } from '../conversation/outbox-provider.tsx';
import { AppShellLayout } from '../shell/app-shell-layout.tsx';
import { CdeskZeroProvider } from '../zero/cdesk-zero-provider.tsx';
import { AcceptInvitePage, LoginPage, SimulatorPage } from './lazy-screens.ts';
import { useRoute } from './use-route.ts';

function PageLoader() {
  return (
    <Center mih="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function App() {
  const { state, refresh } = useSession();
  const [route] = useRoute();
  if (route.name === 'simulator') {
    return (
      <Suspense fallback={<PageLoader />}>
        <SimulatorPage />
      </Suspense>
    );
  }
  const invite = /^\/invite\/([^/]+)$/.exec(location.pathname)?.[1];
  if (invite) {
    return (
      <Suspense fallback={<PageLoader />}>
        <AcceptInvitePage token={decodeURIComponent(invite)} />
      </Suspense>
    );
  }
  switch (state.status) {
    case 'loading':
      return <PageLoader />;
    case 'signed-out':
      return (
        <Suspense fallback={<PageLoader />}>
          <LoginPage onSignedIn={() => void refresh()} />
        </Suspense>
      );
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
