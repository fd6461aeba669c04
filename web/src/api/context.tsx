/** The signed-in API client for every page, and a hook that loads data with it. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { type Api, ApiError } from "./client";

interface Session {
  api: Api;
  /** Forget the key (sign out); `reason` is shown on the sign-in page. */
  signOut: (reason?: string) => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` with the API when `deps` change and answers its result. A revoked or invalid key (401)
 * signs out. Answers that arrive after a newer request started are dropped.
 */
export function useLoad<T>(load: (api: Api) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { api, signOut } = useSession();
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps say when to load again.
  useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ data: s.data, loading: true }));
    load(api).then(
      (data) => {
        if (request === latest.current) setState({ data, loading: false });
      },
      (error: Error) => {
        if (error instanceof ApiError && error.status === 401) signOut(error.message);
        else if (request === latest.current) setState({ error, loading: false });
      },
    );
  }, [api, nonce, ...deps]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
