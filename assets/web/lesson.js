/* The lesson page: region list with search, the app's panels, standard views, the tour band and its
   clicker keys, hover names. window.lesson is a small hook for the browser test. */
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("lesson-data").textContent);
  const $ = (id) => document.getElementById(id);
  const GLIDE_MS = 1000;
  const lesson = (window.lesson = { ready: false, firstFrameMs: null, webgl: false, current: null, step: null });
  let scene = null;

  function startScene() {
    try {
      scene = new LessonScene.BrainScene($("brain"), data);
      lesson.webgl = true;
    } catch (error) {
      console.warn("3D view unavailable:", error.message);
      $("no-webgl").hidden = false;
      return;
    }
    scene.setCamera(data.views["default"].camera);
    scene.draw(); // now, not on the next animation frame: the page's first paint shows the brain
    lesson.firstDrawMs = performance.now();
    requestAnimationFrame(() => { lesson.firstFrameMs = performance.now(); }); // that frame is on screen
  }

  /* --- panel --------------------------------------------------------------------------- */
  function showHtml(element, html) {
    element.innerHTML = html; // sanitised by the app (nh3) when the page was written
    for (const a of element.querySelectorAll("a[href]")) {
      if (/^https?:/.test(a.getAttribute("href"))) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
    }
  }

  function onLink(event) {
    const a = event.target.closest("a[href]");
    if (!a) return;
    const m = /^(region|group|topic|label):(.+)$/.exec(a.getAttribute("href"));
    if (m) {
      event.preventDefault();
      select(`${m[1] === "group" ? "region" : m[1]}:${m[2]}`);
    }
  }

  /* Select "region:ID", "topic:ID" or "label:ID": highlight its labels, show its panel. */
  function select(key, options) {
    if (!(key in data.panels)) return false;
    lesson.current = key;
    showHtml($("panel"), data.panels[key]);
    $("panel").scrollTop = 0;
    markCurrent(key);
    if (scene && !(options && options.keepScene)) {
      scene.setState({ selected: new Set(data.selections[key]) });
    }
    showMarkers(key);
    return true;
  }

  /* The study peaks of the page shown, as spheres in 3D and their caption line under the view. */
  function showMarkers(key) {
    const marks = (key && data.markers[key]) || null;
    if (scene) scene.setMarkers(marks ? marks.points : []);
    $("markers-caption").textContent = marks ? marks.caption : "";
    $("markers-caption").hidden = !marks;
  }

  function selectLabel(lid) {
    const region = data.labels[lid] && data.labels[lid].region;
    return (region && select(`region:${region}`)) || select(`label:${lid}`);
  }

  /* --- region list ----------------------------------------------------------------------- */
  function buildList() {
    const list = $("region-list");
    for (const group of data.list) {
      const details = document.createElement("details");
      details.open = !group.collapsed;
      details.dataset.collapsed = group.collapsed ? "1" : "";
      const summary = document.createElement("summary");
      summary.textContent = group.heading;
      details.append(summary);
      for (const entry of group.items) {
        const item = document.createElement("div");
        item.className = "item";
        item.setAttribute("role", "treeitem");
        item.dataset.key = `${entry.kind}:${entry.id}`;
        item.dataset.search = entry.search;
        item.title = entry.tip || "";
        if (entry.color) {
          const swatch = document.createElement("span");
          swatch.className = "swatch";
          swatch.style.background = entry.color;
          item.append(swatch);
        }
        item.append(document.createTextNode(entry.title));
        item.addEventListener("click", () => (entry.kind === "label" ? selectLabel(entry.id) : select(item.dataset.key)));
        details.append(item);
      }
      list.append(details);
    }
    $("search").addEventListener("input", filterList);
    $("search").addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const first = [...document.querySelectorAll("#region-list .item")].find((i) => !i.hidden);
      if (first) first.click();
    });
  }

  function filterList() {
    const needle = $("search").value.trim().toLowerCase();
    for (const details of document.querySelectorAll("#region-list details")) {
      let shown = 0;
      for (const item of details.querySelectorAll(".item")) {
        item.hidden = Boolean(needle) && !item.dataset.search.includes(needle);
        shown += item.hidden ? 0 : 1;
      }
      details.hidden = shown === 0;
      details.open = needle ? shown > 0 : !details.dataset.collapsed;
    }
  }

  function markCurrent(key) {
    for (const item of document.querySelectorAll("#region-list .item")) {
      item.classList.toggle("current", item.dataset.key === key);
    }
  }

  /* --- views and tour -------------------------------------------------------------------- */
  function setView(name, animate) {
    const view = data.views[name];
    $("hover").hidden = true;
    if (!scene || !view) return Promise.resolve();
    scene.hemispheres = view.hemisphere || "both";
    scene.applyStyle();
    return scene.glideTo(view.camera, animate === false ? 0 : GLIDE_MS);
  }

  function buildViews() {
    for (const [name, view] of Object.entries(data.views)) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = view.title;
      button.title = `${view.title} (key ${view.key})`;
      button.dataset.view = name;
      button.addEventListener("click", () => setView(name));
      $("views").append(button);
    }
  }

  function goStep(index, animate) {
    const tour = data.tour;
    if (!tour || index < 0 || index >= tour.steps.length) return Promise.resolve();
    const step = tour.steps[index];
    lesson.step = index;
    $("hover").hidden = true; // the surface under a resting pointer is about to move
    $("tour-counter").textContent = `${tour.title} · step ${index + 1} / ${tour.steps.length}`;
    showHtml($("tour-step"), step.html);
    $("tour-step").scrollTop = 0;
    $("tour-prev").disabled = index === 0;
    $("tour-next").disabled = index === tour.steps.length - 1;
    if (step.panel) select(step.panel, { keepScene: true });
    else showMarkers(null);
    if (!scene) return Promise.resolve();
    scene.setState({ selected: new Set(step.selected), shown: new Set(step.shown), others: step.others },
                   step.hemispheres);
    return scene.glideTo(step.camera || data.views[step.view].camera, animate === false ? 0 : GLIDE_MS);
  }

  function onKey(event) {
    if (event.target.closest("input, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const forward = ["PageDown", "ArrowRight", " "].includes(event.key);
    const back = ["PageUp", "ArrowLeft"].includes(event.key);
    if (data.tour && (forward || back)) {
      event.preventDefault();
      goStep((lesson.step || 0) + (forward ? 1 : -1));
      return;
    }
    const view = Object.entries(data.views).find(([, v]) => v.key === event.key);
    if (view) setView(view[0]);
  }

  /* --- hover and click in 3D ------------------------------------------------------------- */
  function wirePointer() {
    const canvas = $("brain"), tip = $("hover");
    let down = null, hoverAt = null;
    canvas.addEventListener("pointerdown", (e) => { down = [e.clientX, e.clientY]; });
    canvas.addEventListener("pointerup", (e) => {
      if (!down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 5) return;
      const lid = scene.pick(...scene.toDevice(e.clientX, e.clientY));
      if (lid !== null) selectLabel(lid);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (e.buttons) { tip.hidden = true; return; }
      if (hoverAt === null) requestAnimationFrame(() => showHover(hoverAt, tip));
      hoverAt = [e.clientX, e.clientY];
    });
    canvas.addEventListener("pointerleave", () => { tip.hidden = true; });
    function showHover(at, element) {
      hoverAt = null;
      const lid = scene.pick(...scene.toDevice(at[0], at[1]));
      element.hidden = lid === null;
      if (lid === null) return;
      const label = data.labels[lid], region = label.region && data.regions[label.region];
      element.textContent = region ? `${region.title} · ${label.name}` : label.name;
      const box = canvas.getBoundingClientRect();
      element.style.left = `${at[0] - box.left + 14}px`;
      element.style.top = `${at[1] - box.top + 10}px`;
    }
  }

  /* --- start ------------------------------------------------------------------------------ */
  $("credit").textContent = `Atlas: ${data.atlas.name}: ${data.atlas.credit}. Licence: ${data.atlas.licence}. ` +
    `Made with Social Brain Explorer ${data.version}; 3D drawing by three.js (MIT licence).`;
  $("show-references").addEventListener("click", () => { lesson.current = null; showHtml($("panel"), data.references); });
  $("panel").addEventListener("click", onLink);
  $("tour-step").addEventListener("click", onLink);
  document.addEventListener("keydown", onKey);
  buildList();
  buildViews();
  startScene();
  if (scene) wirePointer();
  showHtml($("panel"), "<h2>Click a region</h2><p>Drag to rotate, scroll to zoom, and click a region or choose " +
    "one from the list to read what the sources say about it.</p>");
  if (data.tour) {
    $("tour").hidden = false;
    $("tour-prev").addEventListener("click", () => goStep(lesson.step - 1));
    $("tour-next").addEventListener("click", () => goStep(lesson.step + 1));
    goStep(0, false);
  }

  Object.assign(lesson, {
    select: select,
    selectLabel: selectLabel,
    setView: (name) => setView(name, false),
    goStep: goStep,
    /* A client point where a click lands on this region ("amygdala") or key ("topic:…"), or null. */
    projectRegion: (id) => (scene ? scene.pointOn(data.selections[id.includes(":") ? id : `region:${id}`] || []) : null),
    opacities: () => (scene ? Object.fromEntries(scene.labelMeshes.map((m) => [m.userData.label, m.material.opacity])) : {}),
    cortexSeeThrough: () => (scene ? scene.seeThrough : null),
    cortexShown: () => (scene ? scene.cortex.visibleMeshes().length : 0),
    visibleLabels: () => (scene ? scene.labelMeshes.filter((m) => m.visible).map((m) => m.userData.label) : []),
    /* The scene's directional lights as drawn: camera-space position and intensity (as the app's, not x pi). */
    lights: () => (scene ? scene.lights.map((l) => ({ position: l.position.toArray(), intensity: l.intensity / Math.PI,
                                                      attached: l.parent === scene.camera })) : []),
    markerCount: () => (scene && scene.markers ? scene.markers.length : 0),
    markerCaption: () => ($("markers-caption").hidden ? null : $("markers-caption").textContent),
    projectPoint: (p) => (scene ? scene.project(p) : null),
    panelTitle: () => { const h = $("panel").querySelector("h2"); return h ? h.textContent : null; },
    stepTitle: () => { const h = $("tour-step").querySelector("h2"); return h ? h.textContent : null; },
    ready: true,
  });
})();
