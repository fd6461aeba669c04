/** Sign in with an API key (`nudge keys create`, or the one `nudge demo` prints); checked before it is kept. */
import { type FormEvent, useState } from "react";
import { Api, ApiError } from "../api/client";
import { LanguageToggle } from "../components/LanguageToggle";
import { useI18n } from "../i18n";

export function SignInPage({ onSignIn, reason }: { onSignIn: (key: string) => void; reason: string | null }) {
  const { t } = useI18n();
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(reason ? t("auth.expired", { reason }) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(null);
    try {
      await new Api(trimmed).overview(1);
      onSignIn(trimmed);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? t("auth.invalid")
          : e instanceof ApiError && e.status === 403
            ? t("auth.noRead")
            : t("auth.unreachable", { message: e instanceof Error ? e.message : String(e) }),
      );
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <div className="signin-card">
        <div className="signin-head">
          <h1>
            Nudge <span>{t("app.console")}</span>
          </h1>
          <LanguageToggle />
        </div>
        <p>{t("auth.intro")}</p>
        <form onSubmit={submit}>
          <label htmlFor="api-key">{t("auth.key")}</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="nk_…"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
          <button type="submit" disabled={busy || !key.trim()}>
            {busy ? t("auth.checking") : t("auth.signIn")}
          </button>
        </form>
        {error ? (
          <div className="notice error" role="alert">
            {error}
          </div>
        ) : null}
        <p className="hint">{t("auth.hint")}</p>
      </div>
    </div>
  );
}
