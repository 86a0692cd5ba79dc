// The summary panel's strings: loaded with the panel, not with the Chats route's first paint.
export const summaryStrings = {
  title: 'Your day',
  close: 'Close summary panel',
  handledToday: 'Handled today',
  handledOfGoal: (handled: number, goal: number) => `${handled} of ${goal}`,
  goalLabel: (goal: number) => `Daily goal: ${goal}`,
  resolvedToday: (n: number) => `Resolved today: ${n}`,
  billableToday: (n: number) => `Messages Meta billed today: ${n}`,
  billableHint:
    'Every message Meta reported as billed today, on the business numbers you see (since October 2026 service replies count too).',
  waiting: 'Waiting for a reply',
  showWaiting: 'Show the conversations waiting for a reply',
  longestWait: 'Longest wait',
  longestWaitOpen: (who: string) => `Open the conversation with ${who}, the longest waiting`,
  encourageEmpty: 'Queue is empty. Nicely done!',
  loading: 'Counting the queue…',
  encourageGoal: 'Daily goal reached. Great work!',
  encourageToGo: (n: number) => `${n} more to reach today's goal.`,
  encourageStart: 'A new day: the first reply counts.',
} as const;
