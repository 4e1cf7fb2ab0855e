/**
 * The few browser globals the client uses when it runs in a page, typed as possibly absent:
 * the same code runs in Node (a script, a test, a kiosk's supervisor), where they are not there.
 */
interface PageGlobals {
  location?: unknown;
  navigator?: { onLine?: boolean };
  addEventListener?: (type: 'online' | 'offline', listener: () => void) => void;
  removeEventListener?: (type: 'online' | 'offline', listener: () => void) => void;
}

export const page = globalThis as PageGlobals;
