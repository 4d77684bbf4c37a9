/* papercards: the search box, on Pagefind's index (site/pagefind/, which generator/mkdocs_hook.py
 * writes after every build).
 *
 * Material's own search is off (no search plugin); overrides/partials/header.html and search.html
 * keep its box, overlay and result list, and Material's CSS draws them. This script:
 * - opens the search when the box gets focus (a click, the magnifier on a phone, or the keys
 *   / s f as in Material);
 * - loads Pagefind before the first search needs it, once per visit, as soon as the reader shows
 *   intent (the pointer on the box or the magnifier, the box's focus, the keys): pagefind/pagefind.js,
 *   its web worker, its WebAssembly and the index's metadata (about 160 KB on the real corpus), and
 *   none of the index itself: a search fetches only the index chunks and the result fragments it
 *   needs. A page load fetches nothing for search (but this script) for readers who never search.
 *   Pagefind asks for its pieces one after another (the worker's script once pagefind.js has run,
 *   the entry once the worker has started, the metadata and the WebAssembly once the entry is in);
 *   this script fetches them alongside pagefind.js, and Pagefind finds them in the HTTP cache;
 * - searches as the reader types, with no pause: the first key searches at once, and keys typed
 *   while a search runs wait for it, then one search runs for the text the box has then (one
 *   search at a time: Pagefind runs them one after another, and on a large site a search for a
 *   common word takes long, so a search nobody will see would delay the one they want); meanwhile
 *   Pagefind fetches the index chunks for that text (its preload). It shows the count at once, then
 *   the first PAGE results in their order, each as soon as it and those before it are in (its
 *   fragment), then more as the list is scrolled;
 * - shows each result as its page title and an excerpt of its text after the title, the words
 *   the query matched marked. Both come from Pagefind's plain text of the page and the positions
 *   of the matches in it, and are set as text nodes and <mark> elements, never parsed as HTML
 *   (Pagefind's own excerpt, HTML with <mark>, mostly repeats the title, which comes first);
 * - keys while open: the arrows move through the results, Enter opens the focused one (in the
 *   box: the first), Escape or Tab close.
 * Material's instant navigation swaps the page below the header without reloading, so this runs
 * once per full page load: the box keeps working across swaps, and Pagefind, once loaded, serves
 * every page after; Material closes the search on every navigation.
 */
(function () {
  "use strict";

  const PAGE = 10; // results shown at once; Pagefind fetches a small fragment per result shown
  const EXCERPT = 30; // words in a result's excerpt
  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base, location.href); // the site's root, on any page and under any path
  const translations = config.translations;
  const toggle = document.getElementById("__search"); // Material's: checked while the search is open
  const dialog = document.getElementById("pc-search");
  const form = document.getElementById("pc-search-form");
  const query = document.getElementById("pc-search-query");
  const scroll = document.getElementById("pc-search-scroll");
  const meta = document.getElementById("pc-search-meta");
  const list = document.getElementById("pc-search-list");
  if (!toggle || !dialog || !form || !query) return;

  let pagefind = null; // the promise of Pagefind's module, once loaded
  let searches = 0; // numbers each search: only the latest one shows
  let asked = ""; // the text of the search running or last run
  let busy = Promise.resolve(); // the search running, if any
  let running = false; // a search is running (from its start to its answer shown)
  let waiting = false; // a search is waiting for the one running to end
  let preloading = false; // Pagefind is fetching the index chunks for `preloaded`
  let preloaded = "";
  let latest = Promise.resolve(); // ends when the last search asked for has shown its answer
  let results = [];
  let shown = 0;
  let loading = false;

  // Pagefind's module, ready to search: its worker has fetched the WebAssembly and the index's
  // metadata, so that a search fetches only the index chunks and fragments it needs. Once per full
  // page load.
  function load() {
    if (!pagefind) {
      const bundle = new URL("pagefind/", root);
      const tag = String(Date.now()); // the entry's ?ts=, as Pagefind's own: fresh on every page load
      ahead(bundle, tag);
      pagefind = import(new URL("pagefind.js", bundle).href).then(async (module) => {
        await module.options({ metaCacheTag: tag });
        await module.init(); // starts its worker, which starts fetching
        try {
          await module.preload(""); // no words: it resolves as soon as Pagefind could search
        } catch (error) {
          await module.destroy(); // the next try starts afresh
          throw error;
        }
        return module;
      });
      pagefind.catch(() => (pagefind = null)); // try again on the next search
    }
    return pagefind;
  }

  // Fetch, while pagefind.js loads, what Pagefind asks for after it, one after another: its worker's
  // script, the entry (which names the rest), the WebAssembly and the index's metadata. The worker
  // then finds them in the HTTP cache (or on their way into it) instead of waiting for each.
  // Failures are Pagefind's to report.
  function ahead(bundle, tag) {
    const get = (name) => fetch(new URL(name, bundle)).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.url}`);
      return response;
    });
    const body = (response) => response.arrayBuffer();
    get("pagefind-worker.js").then(body).catch(() => {});
    get(`pagefind-entry.json?ts=${tag}`).then((response) => response.json()).then((entry) => {
      const index = language(entry.languages ?? {});
      const files = [`pagefind.${index.hash}.pf_meta`, `wasm.${index.wasm || "unknown"}.pagefind`];
      return Promise.all(files.map((name) => get(name).then(body)));
    }).catch(() => {});
  }

  // The index Pagefind picks for the page's language (as its findIndex does): the language's, its
  // base language's, or the one with the most pages.
  function language(languages) {
    const lang = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
    return languages[lang] ?? languages[lang.split("-")[0]] ??
      Object.values(languages).sort((a, b) => b.page_count - a.page_count)[0] ?? {};
  }

  function setOpen(open) {
    if (toggle.checked !== open) toggle.click(); // a click, as Material does: it fires "change"
  }

  // Start loading Pagefind, ahead of the first search (errors show when a search needs it).
  function warm() {
    load().catch(() => {});
  }

  // While a search runs, fetch the index chunks for the box's text, so that the search after it
  // needs no download: one preload at a time, then one for the text the box has by its end.
  function preload() {
    if (preloading || !running) return;
    preloading = true;
    load().then((module) => {
      const text = query.value.trim(); // once Pagefind is ready: the latest text
      if (!text || text === asked || text === preloaded) return false;
      preloaded = text;
      return module.preload(text).then(() => true);
    }).catch(() => false).then((again) => {
      preloading = false;
      if (again) preload();
    });
  }

  // Search for the box's text unless that is the search running or done: now if no search is
  // running, else once the running one ends, with the text the box has then. The promise of the
  // last search asked for.
  function settle() {
    if (!waiting && query.value.trim() !== asked) {
      waiting = true;
      latest = busy.then(() => {
        waiting = false;
        if (query.value.trim() === asked) return; // the search that ended took the latest text
        running = true;
        busy = search().finally(() => (running = false));
        return busy;
      });
    }
    return latest;
  }

  async function search() {
    const ticket = ++searches;
    let text = query.value.trim();
    asked = text;
    results = []; // nothing more of the last answer while this search runs
    loading = false;
    try {
      // Pagefind first, then the box's text: keys typed while Pagefind loads are searched with the
      // rest (a search for a text already outdated would only delay the one the reader wants).
      const engine = text ? await load() : null;
      text = query.value.trim();
      asked = text;
      if (!text) {
        show(ticket, text, translations["search.result.placeholder"], []);
        return;
      }
      const found = await (engine ?? (await load())).search(text);
      if (ticket !== searches) return;
      results = found.results;
      shown = 0;
      show(ticket, null, count(results.length), []); // the count at once
      await more(ticket);
      if (ticket === searches) list.dataset.query = text; // its first results all in
    } catch (error) {
      asked = null; // the same text searches again
      show(ticket, text, "Search is not available right now; try again later.", []);
      console.warn("papercards search:", error);
    }
  }

  // Show the answer to search number `ticket` (for `text`), unless a later search has started: the
  // status (the count) and `items`. data-query says which query the list answers in full (its
  // first PAGE results): none (null) while they come in.
  function show(ticket, text, status, items) {
    if (ticket !== searches) return;
    meta.textContent = status;
    list.replaceChildren(...items);
    list.removeAttribute("aria-busy");
    if (text === null) delete list.dataset.query;
    else list.dataset.query = text;
    scroll.scrollTop = 0;
  }

  function count(n) {
    if (n === 0) return translations["search.result.none"];
    return n === 1 ? translations["search.result.one"] : translations["search.result.other"].replace("#", n);
  }

  // The next PAGE results of search number `ticket`, added to the list in their order, each as soon
  // as its fragment and those of the results before it are in (Pagefind fetches them all at once):
  // the first shows without waiting for the others. The list is aria-busy until the last is in;
  // a later search stops it. Fails if a fragment does.
  async function more(ticket) {
    const batch = results.slice(shown, shown + PAGE).map((result) => result.data());
    for (const data of batch) data.catch(() => {}); // one failure is enough: awaited below
    shown += batch.length;
    loading = true;
    list.setAttribute("aria-busy", "true");
    try {
      for (const data of batch) {
        const result = await data;
        if (ticket !== searches) return;
        list.append(item(result));
      }
    } finally {
      if (ticket === searches) list.removeAttribute("aria-busy");
    }
    loading = false;
    fill();
  }

  // More results when the list is scrolled (or is too short to scroll) near its end.
  function fill() {
    const near = scroll.scrollHeight - scroll.clientHeight - scroll.scrollTop < 200;
    if (!toggle.checked || loading || shown >= results.length || !near) return;
    more(searches).catch((error) => console.warn("papercards search:", error));
  }

  // Material's markup for a result: a link around an article with the title and an excerpt.
  function item(data) {
    const li = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = data.url;
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-typeset");
    const [title, excerpt] = [element("h1"), element("p")];
    const [titleNodes, excerptNodes] = describe(data);
    title.append(...titleNodes);
    excerpt.append(...excerptNodes);
    article.append(element("div", "md-search-result__icon md-icon"), title, excerpt);
    link.append(article);
    li.append(link);
    return li;
  }

  // The title and the excerpt of a result, as text nodes and <mark> elements for the words the
  // query matched. Pagefind gives the page's indexed text as plain text (data.content), which
  // starts with the title (the page's <h1>), and the positions of the matched words in it
  // (data.locations). The excerpt is EXCERPT words after the title, around the most matches.
  function describe(data) {
    const words = data.content.split(/[\r\n\s]+/g);
    const title = (data.meta.title || data.url).trim();
    const titleWords = title.split(/[\r\n\s]+/g);
    const skip = data.content.startsWith(title) ? titleWords.length : 0;
    const hits = new Set(data.locations);
    let start = skip;
    let most = 0;
    for (const at of hits) {
      const from = Math.max(skip, at - 3);
      const inside = data.locations.filter((other) => other >= from && other < from + EXCERPT).length;
      if (at >= skip && inside > most) [start, most] = [from, inside];
    }
    start = Math.max(skip, Math.min(start, words.length - EXCERPT));
    const end = Math.min(words.length, start + EXCERPT);
    const excerpt = marked(words, hits, start, end);
    if (start > skip) excerpt.unshift("… ");
    if (end < words.length) excerpt.push(" …");
    return [marked(titleWords, skip ? hits : new Set(), 0, titleWords.length), excerpt];
  }

  // words[start:end] joined by spaces, the ones at a position in `hits` in <mark> elements.
  function marked(words, hits, start, end) {
    const nodes = [];
    let text = "";
    for (let at = start; at < end; at++) {
      const space = at > start ? " " : "";
      if (hits.has(at)) {
        nodes.push(text + space, mark(words[at]));
        text = "";
      } else {
        text += space + words[at];
      }
    }
    nodes.push(text);
    return nodes.filter((node) => node !== "");
  }

  function element(tag, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function mark(text) {
    const node = element("mark");
    node.textContent = text;
    return node;
  }

  function links() {
    return Array.from(list.querySelectorAll("a[href]"));
  }

  function susceptible(node) {
    // Keys typed into a form field or editable text are not shortcuts (as in Material).
    return node instanceof HTMLInputElement || node instanceof HTMLSelectElement ||
      node instanceof HTMLTextAreaElement || (node instanceof HTMLElement && node.isContentEditable);
  }

  function onKey(event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      if (["/", "s", "f"].includes(event.key) && !susceptible(active)) {
        event.preventDefault();
        query.focus();
        query.select();
      }
      return;
    }
    switch (event.key) {
      case "Enter":
        if (active === query) {
          event.preventDefault();
          settle().then(() => links()[0]?.click());
        }
        break;
      case "Escape":
      case "Tab":
        setOpen(false);
        if (dialog.contains(active)) active.blur();
        break;
      case "ArrowUp":
      case "ArrowDown": {
        event.preventDefault();
        const stops = [query, ...links()];
        const at = stops.indexOf(active);
        const step = event.key === "ArrowUp" ? -1 : 1;
        stops[at === -1 ? 0 : (at + step + stops.length) % stops.length].focus();
        break;
      }
      default:
        if (active !== query) query.focus();
    }
  }

  query.addEventListener("focus", () => {
    setOpen(true);
    warm();
  });
  // The pointer on the box (or, on a phone, the magnifier): the reader is about to search.
  const magnifier = document.querySelector("header label.md-header__button[for=__search]");
  for (const target of [dialog, magnifier]) target?.addEventListener("pointerenter", warm, { passive: true });
  query.addEventListener("input", () => {
    setOpen(true); // typing shows the results, also when Material closed the search meanwhile
    settle();
    preload();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      settle();
      query.focus();
    });
  });
  // A phone's magnifier opens the search by focusing the box, so that the keyboard comes up (the
  // focus opens it; the label's own toggling would close it again).
  magnifier?.addEventListener("click", (event) => {
    event.preventDefault();
    query.focus();
  });
  toggle.addEventListener("change", () => {
    list.hidden = !toggle.checked;
    list.setAttribute("role", toggle.checked ? "list" : "presentation");
    if (toggle.checked) fill();
  });
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) setOpen(false);
  });
  scroll.addEventListener("scroll", fill, { passive: true });
  window.addEventListener("keydown", onKey);
})();
