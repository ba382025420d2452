// The search page: Pagefind's results for the words in ?q= (and as they are typed), each with
// its headline, date and excerpt. Pagefind's index is in pagefind/ at the site's root.
const list = document.getElementById("search-results");
const status = document.getElementById("search-status");
const input = document.getElementById("search-page-q");
const base = list.dataset.base;
let engine = null;

async function pagefind() {
  if (engine === null) {
    engine = await import(`${base}pagefind/pagefind.js`);
    await engine.options({ baseUrl: base });
  }
  return engine;
}

function result(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result__headline";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "search-result__date";
    date.textContent = data.meta.date;
    item.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  excerpt.innerHTML = data.excerpt; // Pagefind's text, escaped, with <mark> around the words
  item.append(excerpt);
  return item;
}

async function show(words) {
  if (!words.trim()) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const found = await (await pagefind()).debouncedSearch(words, {}, 150);
  if (found === null) return; // a later search replaced this one
  const items = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  list.replaceChildren(...items.map(result));
  status.textContent = items.length
    ? list.dataset.some.replace("{n}", found.results.length)
    : list.dataset.none;
}

input.value = new URLSearchParams(location.search).get("q") || "";
input.addEventListener("input", () => {
  const query = input.value ? `?q=${encodeURIComponent(input.value)}` : location.pathname;
  history.replaceState(null, "", query);
  show(input.value);
});
input.form.addEventListener("submit", (event) => {
  event.preventDefault();
  show(input.value);
});
show(input.value);
