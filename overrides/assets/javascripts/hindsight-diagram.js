// Hindsight: draw outage diagrams with Mermaid, loaded only when a diagram is
// about to be seen, from the site's own copy (shipped in the Python package),
// never from a CDN; Mermaid's ES module build fetches just the chunks a gantt
// chart needs. Print uses the static drawing made at build time.
(() => {
  const sources = [...document.querySelectorAll("pre.hs-mermaid")];
  if (!sources.length) return;
  const script = document.currentScript;
  const local = script && script.dataset.mermaid;
  if (!local) return;
  let mermaid;
  const load = () => {
    mermaid ??= import(local)
      .then(({ default: engine }) => {
        engine.initialize({ startOnLoad: false, securityLevel: "strict", theme: "base" });
        return engine;
      });
    return mermaid;
  };
  let count = 0;
  const draw = async (pre) => {
    if (!pre.isConnected || pre.dataset.drawing) return;
    pre.dataset.drawing = "yes";
    try {
      const engine = await load();
      const { svg } = await engine.render(`hs-diagram-${count++}`, pre.textContent);
      const figure = document.createElement("div");
      figure.className = "hs-mermaid-drawn";
      figure.innerHTML = svg;
      pre.replaceWith(figure);
    } catch (error) {
      pre.dataset.drawing = "";
      pre.classList.add("hs-mermaid--failed");
      console.warn("Hindsight: the outage diagram could not be drawn", error);
    }
  };
  // The source itself is hidden (display: none), so watch the figure that holds it.
  const watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        watcher.unobserve(entry.target);
        entry.target.querySelectorAll("pre.hs-mermaid").forEach(draw);
      }
    }
  }, { rootMargin: "600px 0px" });
  sources.forEach((pre) => watcher.observe(pre.parentElement || pre));
})();
