/**
 * How many of a conversation's newest messages its thread opens with: enough for the tallest screen and
 * some scrolling; opening a thread syncs and renders no more. Its own module: the Chats table preloads
 * this page (use-preload-thread.ts) without loading the thread's code.
 */
export const FIRST_PAGE = 50;
