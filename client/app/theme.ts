import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'cdeskBlue',
  colors: {
    cdeskBlue: [
      '#e7f1ff',
      '#cfe0ff',
      '#9dbefd',
      '#689afb',
      '#3f7cf9',
      '#2669f9',
      '#155ffa',
      '#044fdf',
      '#0046c8',
      '#003cb1',
    ],
    // The dark-blue "Chats" home tab of the product description.
    cdeskNavy: [
      '#eef2fb',
      '#d9e0f0',
      '#afbee2',
      '#839bd4',
      '#5e7dc8',
      '#466ac1',
      '#3960bf',
      '#2b50a9',
      '#234698',
      '#143a80',
    ],
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
});
