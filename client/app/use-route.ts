import { useCallback, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'chats' }
  | { name: 'operators' }
  | { name: 'settings' }
  | { name: 'conversation'; id: string }
  /** The WhatsApp simulator's customer phone: outside the operator shell, no sign-in. */
  | { name: 'simulator' };

export function parseRoute(pathname: string): Route {
  const conv = /^\/conversations\/([^/]+)$/.exec(pathname);
  if (conv?.[1]) return { name: 'conversation', id: decodeURIComponent(conv[1]) };
  if (pathname === '/operators') return { name: 'operators' };
  if (pathname === '/settings') return { name: 'settings' };
  if (pathname === '/simulator') return { name: 'simulator' };
  return { name: 'chats' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'chats':
      return '/';
    case 'operators':
      return '/operators';
    case 'settings':
      return '/settings';
    case 'conversation':
      return `/conversations/${encodeURIComponent(route.id)}`;
    case 'simulator':
      return '/simulator';
  }
}

const subscribe = (cb: () => void) => {
  window.addEventListener('popstate', cb);
  return () => window.removeEventListener('popstate', cb);
};

/** A tiny history-API router: the app has four screens, not worth a routing library. */
export function useRoute(): [Route, (r: Route) => void] {
  const pathname = useSyncExternalStore(subscribe, () => location.pathname);
  const navigate = useCallback((r: Route) => {
    const path = routePath(r);
    if (path !== location.pathname) {
      history.pushState(null, '', path);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }
  }, []);
  return [parseRoute(pathname), navigate];
}
