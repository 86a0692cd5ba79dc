// Desktop notifications through the browser's Notification API. Permission is asked only from a click on
// the preference (browsers ignore or penalise a request made without a user gesture).

export type DesktopPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

export function showDesktopNotification(o: {
  title: string;
  body: string;
  /** One notification per conversation: a newer message replaces the older one. */
  tag: string;
  onClick: () => void;
}): void {
  if (desktopPermission() !== 'granted') return;
  const n = new Notification(o.title, { body: o.body, tag: o.tag });
  n.onclick = () => {
    window.focus();
    o.onClick();
    n.close();
  };
}
