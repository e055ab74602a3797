// What GraphiQL 4.1 (@graphiql/react 0.34, CodeMirror 5) leaves for the page to make accessible;
// tests/browser/test_graphiql.py runs axe-core on the page as on every dashboard page. GraphiQL has
// no props for any of this, so it is done through CodeMirror's own configuration API and, where
// only GraphiQL's markup is at fault, one MutationObserver that adjusts ARIA attributes (it never
// moves or removes nodes React manages). The colour contrast fixes are in graphiql-page.css.
import type CodeMirrorModule from "codemirror";

// The editors' accessible names, told apart by the mode GraphiQL gives each of them (the headers
// editor uses CodeMirror's JSON mode, {name: "javascript", json: true}).
const EDITOR_NAMES: Record<string, string> = {
  graphql: "Query editor",
  "graphql-variables": "Variables editor",
  javascript: "Headers editor",
  "graphql-results": "Response",
};

function modeName(mode: unknown): string {
  if (typeof mode === "string") return mode;
  if (mode && typeof mode === "object" && "name" in mode) return String(mode.name);
  return "";
}

/** Must finish before GraphiQL creates its editors: CodeMirror reads defaults at construction.
 * CodeMirror is imported lazily, as GraphiQL itself does, so it stays out of the entry chunk. */
export async function configureEditors(): Promise<void> {
  const mod: typeof CodeMirrorModule | { default: typeof CodeMirrorModule } =
    await import("codemirror");
  // Like GraphiQL's own import: bundlers give either the function or a module with a default.
  const CodeMirror = typeof mod === "function" ? mod : mod.default;
  // CodeMirror's "contenteditable" input (its documented better choice for screen readers) makes
  // the lines themselves the focusable, editable element, inside the editor's scrolling region.
  // The default "textarea" input is a hidden textarea outside that region, which leaves the
  // region without keyboard-focusable content (axe: scrollable-region-focusable) and the textarea
  // without a label (axe: label).
  CodeMirror.defaults.inputStyle = "contenteditable";
  CodeMirror.defineInitHook((cm) => {
    const name = EDITOR_NAMES[modeName(cm.getOption("mode"))] ?? "Editor";
    // screenReaderLabel is CodeMirror's option for the input's aria-label; GraphiQL passes none.
    cm.setOption("screenReaderLabel", name);
    // The contenteditable element is a generic div: say what it is, as CodeMirror 6 does.
    const input = cm.getInputField() as HTMLElement;
    input.setAttribute("role", "textbox");
    input.setAttribute("aria-multiline", "true");
    if (cm.getOption("readOnly")) input.setAttribute("aria-readonly", "true");
  });
}

function setAttribute(element: Element, name: string, value: string | null): void {
  // Only real changes: the observer below sees its own writes, and this makes them settle.
  if (value === null) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
  } else if (element.getAttribute(name) !== value) {
    element.setAttribute(name, value);
  }
}

// GraphiQL renders each operation tab as <li role="tab"> around the <button> that selects it (and,
// with two or more tabs, a close button). A tab's children are presentational in ARIA, so buttons
// inside it are nested controls (axe: nested-interactive) that assistive technology cannot reach
// reliably. The tab role and its selected state belong on the selecting button itself, which the
// tab panel is already aria-labelledby; the <li> becomes a presentational list item.
function fixTabs(root: ParentNode): void {
  for (const item of root.querySelectorAll("li.graphiql-tab")) {
    const selected = item.classList.contains("graphiql-tab-active") ? "true" : "false";
    setAttribute(item, "role", "presentation");
    setAttribute(item, "aria-selected", null);
    const button = item.querySelector(".graphiql-tab-button");
    const close = item.querySelector(".graphiql-tab-close");
    if (button) {
      setAttribute(button, "role", "tab");
      setAttribute(button, "aria-selected", selected);
      setAttribute(button, "aria-keyshortcuts", close ? "Delete" : null);
    }
    // With two or more tabs each has a close button, which a tablist may not contain (it owns
    // tabs only; axe: aria-required-children). Closing follows the ARIA tabs pattern instead:
    // Delete on the focused tab (see closeOnDelete), announced by aria-keyshortcuts. The button
    // stays for the mouse, out of the tab order and the accessibility tree.
    if (close) {
      setAttribute(close, "aria-hidden", "true");
      setAttribute(close, "tabindex", "-1");
    }
  }
}

function closeOnDelete(root: HTMLElement): void {
  root.addEventListener("keydown", (event) => {
    const tab = event.target instanceof Element ? event.target.closest(".graphiql-tab-button") : null;
    const close = tab?.closest("li.graphiql-tab")?.querySelector(".graphiql-tab-close");
    if (event.key !== "Delete" || !(close instanceof HTMLElement)) return;
    event.preventDefault();
    close.click();
    // The focused tab is gone once React has re-rendered: focus the tab that is active then.
    setTimeout(() => {
      const active = root.querySelector(".graphiql-tab-active .graphiql-tab-button");
      if (active instanceof HTMLElement) active.focus();
    }, 50);
  });
}

/** Keeps GraphiQL's markup under root accessible as React renders and re-renders it. */
export function watchMarkup(root: HTMLElement): void {
  fixTabs(root);
  closeOnDelete(root);
  // React re-applies the <li>'s role and aria-selected when a tab is added or activated.
  new MutationObserver(() => fixTabs(root)).observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["class", "role", "aria-selected"],
  });
}
