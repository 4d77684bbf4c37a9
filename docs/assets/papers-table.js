/* papercards: filters and sorting for the "All papers" table (docs/papers/index.md).
 *
 * The page is plain HTML: without JavaScript the form stays hidden and every row shows. This
 * script shows the form, hides the rows that fail any active filter (topic, dataset, year,
 * has code), sorts by a column when its header button is pressed, and keeps that state in the
 * address, so a link opens the same view:
 *   ?topic=<id>&dataset=<id>&year=<year>&code=1&sort=<paper|year|code>&order=desc
 * Empty parameters are left out; a value that matches no option is ignored.
 * Material's instant navigation swaps pages without reloading them, so it runs on every swap
 * (document$) and sets up each table once. No library, no network, no inline handlers.
 */
(function () {
  "use strict";

  const FILTERS = ["topic", "dataset", "year"];

  function init() {
    const form = document.getElementById("pc-filter");
    const table = document.getElementById("pc-papers");
    if (!form || !table || form.dataset.pcReady) return;
    form.dataset.pcReady = "1";
    const tbody = table.tBodies[0];
    const rows = Array.from(tbody.rows); // in the generator's (title) order
    const headers = Array.from(table.tHead.rows[0].cells).filter((th) => th.dataset.sort);
    const count = form.querySelector("output");
    const empty = document.createElement("p");
    empty.className = "pc-filter-empty";
    empty.textContent = "No paper matches these filters.";
    empty.hidden = true;
    form.after(empty);
    const sort = { th: null, desc: false };

    headers.forEach((th) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "pc-sort";
      button.textContent = th.textContent.trim();
      th.dataset.name = button.textContent.toLowerCase();
      th.replaceChildren(button);
      button.addEventListener("click", () => {
        sort.desc = sort.th === th && !sort.desc;
        sort.th = th;
        update();
      });
    });

    function update() {
      const shown = filterRows(rows, form);
      count.textContent = `Showing ${shown} of ${rows.length} papers`;
      empty.hidden = shown > 0;
      headers.forEach((th) => th.removeAttribute("aria-sort"));
      if (sort.th) sort.th.setAttribute("aria-sort", sort.desc ? "descending" : "ascending");
      tbody.append(...(sort.th ? sortRows(rows, sort.th, sort.desc) : rows));
      writeUrl(form, sort);
    }

    readUrl(form, headers, sort);
    form.addEventListener("change", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", (event) => {
      event.preventDefault(); // clear by hand, so the rows update after the controls do
      FILTERS.forEach((name) => { form.elements[name].value = ""; });
      form.elements.code.checked = false;
      sort.th = null;
      sort.desc = false;
      update();
    });
    form.hidden = false;
    update();
  }

  /* Hide the rows that fail a filter; return how many stay shown. */
  function filterRows(rows, form) {
    const topic = form.elements.topic.value, dataset = form.elements.dataset.value;
    const year = form.elements.year.value, code = form.elements.code.checked;
    let shown = 0;
    rows.forEach((row) => {
      const keep = (!topic || row.dataset.topics.split(" ").includes(topic))
        && (!dataset || row.dataset.datasets.split(" ").includes(dataset))
        && (!year || row.dataset.year === year)
        && (!code || row.dataset.code === "1");
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    return shown;
  }

  /* A sorted copy of `rows`: ties keep the original order, empty numbers go last both ways. */
  function sortRows(rows, th, desc) {
    const numeric = th.dataset.sort === "number";
    const keyed = rows.map((row, index) => {
      const cell = row.cells[th.cellIndex];
      const text = (cell.querySelector(":scope > a") || cell).textContent.trim();
      return { row, index, key: numeric ? parseFloat(text) : text };
    });
    keyed.sort((a, b) => {
      let order;
      if (numeric) {
        const aEmpty = Number.isNaN(a.key), bEmpty = Number.isNaN(b.key);
        if (aEmpty || bEmpty) return aEmpty - bEmpty || a.index - b.index;
        order = a.key - b.key;
      } else {
        order = a.key.localeCompare(b.key, undefined, { sensitivity: "base", numeric: true });
      }
      return (desc ? -order : order) || a.index - b.index;
    });
    return keyed.map((item) => item.row);
  }

  /* Set the controls and the sort from the address, ignoring values that match nothing. */
  function readUrl(form, headers, sort) {
    const params = new URLSearchParams(location.search);
    FILTERS.forEach((name) => {
      const select = form.elements[name], value = params.get(name);
      if (Array.from(select.options).some((option) => option.value && option.value === value)) {
        select.value = value;
      }
    });
    form.elements.code.checked = params.get("code") === "1";
    sort.th = headers.find((th) => th.dataset.name === params.get("sort")) || null;
    sort.desc = Boolean(sort.th) && params.get("order") === "desc";
  }

  /* Put the state in the address (replacing the history entry), keeping other parameters. */
  function writeUrl(form, sort) {
    const params = new URLSearchParams(location.search);
    FILTERS.concat(["code", "sort", "order"]).forEach((name) => params.delete(name));
    FILTERS.forEach((name) => {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    });
    if (form.elements.code.checked) params.set("code", "1");
    if (sort.th) params.set("sort", sort.th.dataset.name);
    if (sort.th && sort.desc) params.set("order", "desc");
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
  }

  if (window.document$) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
