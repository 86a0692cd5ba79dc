import { lazyComponent } from './lazy-component.tsx';

// Every screen but the Chats table loads on demand, so the Chats route's initial JavaScript holds only what
// the table needs (issue 12's budget: ≤ 250 kB gzipped, `node scripts/bundle-size.ts`). Chunk names follow
// the module names; tests/e2e/code-split.spec.ts checks which ones the Chats route fetches.

export const ConversationView = lazyComponent(() =>
  import('../conversation/conversation-view.tsx').then((m) => m.ConversationView),
);
export const SettingsPage = lazyComponent(() =>
  import('../settings/settings-page.tsx').then((m) => m.SettingsPage),
);
export const OperatorsTable = lazyComponent(() =>
  import('../operators/operators-table.tsx').then((m) => m.OperatorsTable),
);
export const SimulatorPage = lazyComponent(() =>
  import('../simulator/simulator-page.tsx').then((m) => m.SimulatorPage),
);
export const AcceptInvitePage = lazyComponent(() =>
  import('../settings/accept-invite-page.tsx').then((m) => m.AcceptInvitePage),
);
export const LoginPage = lazyComponent(() => import('../auth/login-page.tsx').then((m) => m.LoginPage));
