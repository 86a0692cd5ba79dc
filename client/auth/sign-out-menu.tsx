import { Suspense, useState } from 'react';
import { lazyComponent } from '../app/lazy-component.tsx';
import { useAfterFirstContent } from '../app/use-after-first-content.ts';
import { SignOutButton } from './sign-out-button.tsx';

// Mantine's Menu and the queued-replies dialog are not needed to paint the Chats route, so their code
// loads once the screen shows its content. Until then the same button stands in, and a click on it opens
// the menu as soon as the code is here.
const SignOutChoices = lazyComponent(() => import('./sign-out-choices.tsx').then((m) => m.SignOutChoices));

/** The header's sign-out menu (sign-out-choices.tsx). */
export function SignOutMenu() {
  const [asked, setAsked] = useState(false);
  const later = useAfterFirstContent();
  if (!later && !asked) return <SignOutButton onClick={() => setAsked(true)} />;
  return (
    <Suspense fallback={<SignOutButton onClick={() => setAsked(true)} />}>
      <SignOutChoices openAtStart={asked} />
    </Suspense>
  );
}
