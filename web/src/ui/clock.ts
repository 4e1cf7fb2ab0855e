import { el, setText } from './dom';

/** The header clock, in the configured IANA time zone or the browser's. */
export function createClock(timeZone: string | undefined): { element: HTMLElement; tick(now: number): void } {
  const element = el('time', 'clock');
  const format = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  element.title = zone;
  return {
    element,
    tick(now) {
      setText(element, format.format(now));
      element.dateTime = new Date(now).toISOString();
    },
  };
}
