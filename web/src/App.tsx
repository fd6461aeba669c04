/** Signed out: the sign-in page. Signed in: the header, the page menu and the page the fragment names. */
import { useCallback, useMemo, useState } from "react";
import { Api } from "./api/client";
import { SessionProvider, useSession } from "./api/context";
import { LanguageToggle } from "./components/LanguageToggle";
import { type MessageKey, useI18n } from "./i18n";
import { CallAssistPage } from "./pages/CallAssist";
import { CampaignsPage } from "./pages/Campaigns";
import { CustomerPage } from "./pages/Customer";
import { MessagesPage } from "./pages/Messages";
import { ModelsPage } from "./pages/Models";
import { OverviewPage } from "./pages/Overview";
import { SegmentsPage } from "./pages/Segments";
import { SignInPage } from "./pages/SignIn";
import { href, PAGES, type Page, type Route, useRoute } from "./router";
import { keyFromAddress, storedKey, storeKey } from "./session";

export function App() {
  const [key, setKey] = useState<string | null>(() => {
    const given = keyFromAddress();
    if (given) storeKey(given);
    return given ?? storedKey();
  });
  const [reason, setReason] = useState<string | null>(null);
  const api = useMemo(() => (key ? new Api(key) : null), [key]);
  const signIn = useCallback((next: string) => {
    storeKey(next);
    setReason(null);
    setKey(next);
  }, []);
  const signOut = useCallback((why?: string) => {
    storeKey(null);
    setReason(why ?? null);
    setKey(null);
  }, []);
  const session = useMemo(() => (api ? { api, signOut } : null), [api, signOut]);
  if (!session) return <SignInPage onSignIn={signIn} reason={reason} />;
  return (
    <SessionProvider session={session}>
      <Shell />
    </SessionProvider>
  );
}

const PAGE_TITLES: Record<Page, MessageKey> = {
  overview: "nav.overview",
  customers: "nav.customers",
  segments: "nav.segments",
  models: "nav.models",
  campaigns: "nav.campaigns",
  messages: "nav.messages",
  calls: "nav.calls",
};

function PageOf({ route }: { route: Route }) {
  switch (route.page) {
    case "customers":
      return <CustomerPage id={route.param} />;
    case "segments":
      return <SegmentsPage />;
    case "models":
      return <ModelsPage id={route.param} />;
    case "campaigns":
      return <CampaignsPage id={route.param} />;
    case "messages":
      return <MessagesPage />;
    case "calls":
      return <CallAssistPage id={route.param} />;
    default:
      return <OverviewPage />;
  }
}

function Shell() {
  const { t } = useI18n();
  const { signOut } = useSession();
  const route = useRoute();
  return (
    <div className="shell">
      <header className="top">
        <a className="brand" href={href("overview")}>
          Nudge <span>{t("app.console")}</span>
        </a>
        <nav aria-label={t("nav.label")}>
          {PAGES.map((page) => (
            <a
              key={page}
              href={href(page)}
              className={route.page === page ? "active" : undefined}
              aria-current={route.page === page ? "page" : undefined}
              data-nav={page}
            >
              {t(PAGE_TITLES[page])}
            </a>
          ))}
        </nav>
        <div className="top-actions">
          <LanguageToggle />
          <button type="button" className="link" onClick={() => signOut()}>
            {t("auth.signOut")}
          </button>
        </div>
      </header>
      <main>
        <h1>{t(PAGE_TITLES[route.page])}</h1>
        <PageOf route={route} />
      </main>
    </div>
  );
}
