/** The bit of the Screen Wake Lock API used here; not every browser has it. */
interface WakeLockNavigator {
  wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> };
}

/**
 * Kiosk mode: controls and cursor hidden (by the `kiosk` class), and the screen
 * kept awake where the browser offers a wake lock. The lock is dropped whenever
 * the page hides, so it is asked for again each time the page shows.
 * @returns a function that ends kiosk mode
 */
export function enterKiosk(root: HTMLElement): () => void {
  root.classList.add('kiosk');
  const nav = navigator as Navigator & WakeLockNavigator;
  let lock: { release(): Promise<void> } | undefined;
  const request = (): void => {
    if (!nav.wakeLock || document.visibilityState !== 'visible') return;
    nav.wakeLock.request('screen').then(
      (granted) => (lock = granted),
      // Refused (no user gesture, power saving, insecure origin): the wall still works.
      () => undefined,
    );
  };
  const onVisibility = (): void => request();
  document.addEventListener('visibilitychange', onVisibility);
  request();
  return () => {
    root.classList.remove('kiosk');
    document.removeEventListener('visibilitychange', onVisibility);
    void lock?.release().catch(() => undefined);
  };
}
