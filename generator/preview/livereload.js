// Masthead live preview: the preview server adds this script to the HTML it serves (never to
// built files). It listens to /__masthead/events and reloads the page when the site changed,
// swaps stylesheets in place when only CSS changed, and shows build errors in an overlay.
(() => {
  "use strict";
  const script = document.currentScript;
  let build = script.dataset.build;
  const SCROLL_KEY = "masthead:scroll";

  function restoreScroll() {
    const saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
    if (!saved || saved.path !== location.pathname) return;
    const apply = () => window.scrollTo(saved.x, saved.y);
    apply();
    if (document.readyState !== "complete") {
      addEventListener("load", () => { apply(); sessionStorage.removeItem(SCROLL_KEY); }, { once: true });
    } else {
      sessionStorage.removeItem(SCROLL_KEY);
    }
  }

  function reload() {
    const where = { path: location.pathname, x: window.scrollX, y: window.scrollY };
    sessionStorage.setItem(SCROLL_KEY, JSON.stringify(where));
    location.reload();
  }

  function swapStylesheets(id) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("masthead", id);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      const done = () => link.remove();
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.after(fresh);
    }
  }

  function showErrors(errors) {
    let box = document.getElementById("masthead-overlay");
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "masthead-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:60vh;overflow:auto;" +
        "margin:0;padding:1rem 1.25rem;background:#3b0d0d;color:#fff;text-align:left;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.5);direction:ltr";
      document.body.append(box);
    }
    const title = document.createElement("strong");
    title.textContent = `Build failed (${errors.length} error${errors.length === 1 ? "" : "s"}): ` +
      "the page shows the last good build";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide");
    close.style.cssText = "float:right;font:inherit;background:none;color:inherit;border:0;cursor:pointer";
    close.addEventListener("click", () => box.remove());
    const list = document.createElement("pre");
    list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap;font:inherit";
    list.textContent = errors.join("\n");
    box.replaceChildren(close, title, list);
  }

  function onState(event) {
    const data = JSON.parse(event.data);
    if (event.type === "css" && data.previous === build) {
      build = data.build;
      showErrors([]);
      swapStylesheets(build);
    } else if (data.build !== build) {
      reload();
    } else {
      showErrors(data.errors || []);
    }
  }

  restoreScroll();
  showErrors(JSON.parse(script.dataset.errors || "[]"));
  const source = new EventSource("/__masthead/events");
  for (const name of ["reload", "css", "ok"]) source.addEventListener(name, onState);
  source.addEventListener("error", (event) => {
    // A build error comes as an "error" message with data; a lost connection has none
    // (EventSource reconnects by itself, and the server then sends its current state).
    if (event.data !== undefined) showErrors(JSON.parse(event.data).errors);
  });
})();
