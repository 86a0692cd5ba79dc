import { setupServer } from 'msw/node';

export const graphServer = setupServer();
