import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useFakeFrames } from '../support/fake-frames.ts';

// Which lazily loaded modules have been evaluated: their code must not run before the screen's content.
const imported = vi.hoisted(() => ({ floating: 0, signOutChoices: 0 }));
vi.mock('../../client/app/floating-components.ts', async (original) => {
  imported.floating++;
  return original();
});
// The menu itself needs the outbox (a provider of its own); here only whether and when its code runs counts.
vi.mock('../../client/auth/sign-out-choices.tsx', () => {
  imported.signOutChoices++;
  return { SignOutChoices: () => <p>sign-out choices</p> };
});

/** A part of the page that waits for the content; the hook comes from a fresh module instance. */
function Later({ hook: useLater }: { hook: () => boolean }) {
  return <p>{useLater() ? 'later' : 'not yet'}</p>;
}

/** A fresh first-content module (its state is per module instance) and the modules using it. */
async function fresh() {
  vi.resetModules();
  imported.floating = 0;
  imported.signOutChoices = 0;
  return {
    ...(await import('../../client/app/first-content.ts')),
    ...(await import('../../client/app/show-first-content.ts')),
    ...(await import('../../client/app/use-after-first-content.ts')),
    ...(await import('../../client/app/floating.tsx')),
    ...(await import('../../client/auth/sign-out-menu.tsx')),
  };
}

describe('after the first content', () => {
  const { paintFrame } = useFakeFrames();

  it('starts once the frame showing the content has been painted, not when it is reported', async () => {
    const m = await fresh();
    let done = false;
    void m.afterFirstContent().then(() => {
      done = true;
    });
    m.showFirstContent(); // in the effect after the rows' commit: that frame is not painted yet
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    expect(m.firstContentShown()).toBe(false);
    await paintFrame();
    expect(done).toBe(true);
    expect(m.firstContentShown()).toBe(true);
  });

  it('useAfterFirstContent is false until then, and true at once in what mounts afterwards', async () => {
    const m = await fresh();
    const first = render(<Later hook={m.useAfterFirstContent} />);
    expect(first.container.textContent).toBe('not yet');
    m.showFirstContent();
    await paintFrame();
    expect(first.container.textContent).toBe('later');
    const second = render(<Later hook={m.useAfterFirstContent} />);
    expect(second.container.textContent).toBe('later');
  });

  it("the header's tooltips and sign-out menu run no code of theirs before the content, unless clicked", async () => {
    // vi.mock's factories run once per file: this is the only test that imports these two modules.
    const m = await fresh();
    render(
      <MantineProvider env="test">
        <m.LazyTooltip label="Tip">
          <span>tipped</span>
        </m.LazyTooltip>
        <m.SignOutMenu />
      </MantineProvider>,
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(100);
    });
    expect(screen.getByText('tipped')).toBeTruthy();
    expect(imported.floating).toBe(0);
    expect(imported.signOutChoices).toBe(0);
    // A click on sign-out does not wait for the content.
    fireEvent.click(screen.getByRole('button'));
    // The modules' imports are real I/O: waited for (vi.waitFor advances the fake clock as it polls).
    await vi.waitFor(() => screen.getByText('sign-out choices'));
    expect(imported.signOutChoices).toBe(1);
    expect(imported.floating).toBe(0);
    m.showFirstContent();
    await paintFrame();
    await vi.waitFor(() => expect(imported.floating).toBe(1));
  });
});
