// Loaded by floating.tsx just after the first paint: Mantine's Tooltip and Popover, with Floating UI.
export { Popover, Tooltip } from '@mantine/core';
