/**
 * Two pages, by path under /console: the executions list (`/console/`) and one execution
 * (`/console/executions/<ARN>`). History API navigation, so links open in new tabs too.
 */
import { type MouseEvent, type ReactNode, useEffect, useState } from "react";

export const BASE = "/console";

export type Route = { page: "list" } | { page: "execution"; arn: string };

export function routeOf(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const match = /^\/executions\/(.+)$/.exec(rest);
  return match?.[1] ? { page: "execution", arn: decodeURIComponent(match[1]) } : { page: "list" };
}

export const executionPath = (arn: string) => `${BASE}/executions/${encodeURIComponent(arn)}`;

/** `arn:...:function:FN:QUALIFIER/durable-execution/NAME/ID` → NAME. */
export const executionNameOf = (arn: string) =>
  arn.split("/durable-execution/")[1]?.split("/")[0] ?? arn;

export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return route;
}

/** A link that navigates in place on a plain click and behaves as a link otherwise. */
export function Link({ to, children }: { to: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick}>
      {children}
    </a>
  );
}
