// Hindsight: fetch the search index when the reader first reaches for search,
// not on every page load. With a thousand postmortems the index is megabytes,
// and most readers open one postmortem from a link and never search.
// Material requests the index with XMLHttpRequest at start-up; its request is
// held here until the search box is focused, clicked or its shortcut pressed.
(() => {
  let release;
  const wanted = new Promise((resolve) => { release = resolve; });
  const want = () => release();
  const keys = new Set(["/", "s", "S", "f", "F"]);
  document.addEventListener("keydown", (event) => { if (keys.has(event.key)) want(); }, { capture: true });
  for (const type of ["focusin", "pointerdown", "touchstart"]) {
    document.addEventListener(type, (event) => {
      const target = event.target;
      if (target instanceof Element && target.closest(".md-search, label[for='__search']")) want();
    }, { capture: true, passive: true });
  }
  if (new URLSearchParams(location.search).has("q")) want();
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.hindsightDeferred = /\/search\/search_index\.json(?:$|\?)/.test(String(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.hindsightDeferred) return send.apply(this, args);
    wanted.then(() => send.apply(this, args));
  };
})();
