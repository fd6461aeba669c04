/**
 * The signed-in API key lives in session storage (gone when the tab closes). `nudge demo` prints a
 * console address with `#key=…`: the key is taken from the fragment, stored, and the fragment cleared,
 * so it never stays in the address bar or the history. Fragments are never sent to the server.
 */
const STORAGE_KEY = "nudge.key";
const FRAGMENT_KEY = /^#key=([A-Za-z0-9_-]+)$/;

/** Picks a key up from the address (`#key=…`), once, at start. */
export function keyFromAddress(): string | null {
  const match = FRAGMENT_KEY.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
  return match[1] ?? null;
}

export function storedKey(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) window.sessionStorage.setItem(STORAGE_KEY, key);
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode): the key lasts as long as the page.
  }
}
