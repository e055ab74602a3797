// Where sign-in sends the person afterwards: the page they asked for, carried in /signin?next=.
// Only a path of this site is followed (no scheme, no "//host"), so a crafted link cannot send a
// freshly signed-in person elsewhere.

const HOME = "/triggers";

/** The sign-in address that comes back to `url` (a path with its query) afterwards. */
export function signInFor(url: string): string {
  return url === "/" || url === "/signin" || url.startsWith("/signin?") ? "/signin" : `/signin?next=${encodeURIComponent(url)}`;
}

/** The page to open after sign-in: `next` when it is a path of this site, else the triggers. */
export function afterSignIn(next: string | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return HOME;
  return next.startsWith("/signin") ? HOME : next;
}
