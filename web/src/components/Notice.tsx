/** Messages in a page: errors from the API (code and message), empty states, notes on what is missing. */
import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n";

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="notice error" role="alert">
      <strong>{t("error.title")}</strong> {code ? <code>{code}</code> : null} {message}
    </div>
  );
}

export function Note({ children, kind = "info" }: { children: ReactNode; kind?: "info" | "warn" }) {
  return <div className={`notice ${kind}`}>{children}</div>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" aria-busy="true">
      {t("common.loading")}
    </div>
  );
}

/** A figure with its caption, for the rows of numbers on top of a page. */
export function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}

export function Panel({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="panel">
      <header className="panel-head">
        <h2>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
