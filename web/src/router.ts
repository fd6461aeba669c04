/** Pages are addressed by the URL fragment: `#/customers/c1` is the page `customers` with `c1`. */
import { useEffect, useState } from "react";

export const PAGES = [
  "overview",
  "customers",
  "segments",
  "models",
  "campaigns",
  "messages",
  "calls",
] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  /** The rest of the path, decoded: a customer id, a model id. */
  param: string | null;
}

export function parseRoute(hash: string): Route {
  const [first, ...rest] = hash.replace(/^#\/?/, "").split("/");
  const page = (PAGES as readonly string[]).includes(first ?? "") ? (first as Page) : "overview";
  const param = rest.length ? decodeURIComponent(rest.join("/")) : null;
  return { page, param: param || null };
}

export function href(page: Page, param?: string | null): string {
  return `#/${page}${param ? `/${encodeURIComponent(param)}` : ""}`;
}

export function navigate(page: Page, param?: string | null): void {
  window.location.hash = href(page, param);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
