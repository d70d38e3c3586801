/* The brain in three.js: one mesh per atlas label, styled as explorer/render/colors.py styles them,
   picked as explorer/render/picking.py picks (named regions before faint context), with camera glides
   along the orbit as in explorer/render/transition.py. Uses the global THREE (vendored bundle). */
"use strict";

var LessonScene = (function () {
  const Z_UP = [0, 0, 1];

  function bytes(b64) {
    const text = atob(b64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  /* Packed surfaces (web_lesson.py): uint16 positions over [low, low + 65535 * scale], the app's point
     normals as int8 (x127), local indices. */
  function decode(packed, low, scale) {
    const q = new Uint16Array(bytes(packed.positions).buffer);
    const n = new Int8Array(bytes(packed.normals).buffer);
    const raw = bytes(packed.indices).buffer;
    const indices = packed.index_bits === 32 ? new Uint32Array(raw) : new Uint16Array(raw);
    return packed.spans.map(([v0, nv, i0, ni]) => {
      const pos = new Float32Array(nv * 3);
      for (let i = 0; i < nv; i++) {
        const k = (v0 + i) * 3;
        pos[3 * i] = low[0] + q[k] * scale[0];
        pos[3 * i + 1] = low[1] + q[k + 1] * scale[1];
        pos[3 * i + 2] = low[2] + q[k + 2] * scale[2];
      }
      const geometry = new THREE.BufferGeometry();
      geometry.setAttribute("position", new THREE.BufferAttribute(pos, 3));
      geometry.setAttribute("normal", new THREE.BufferAttribute(n.slice(v0 * 3, (v0 + nv) * 3), 3, true));
      geometry.setIndex(new THREE.BufferAttribute(indices.slice(i0, i0 + ni), 1));
      geometry.computeBoundingSphere();
      return geometry;
    });
  }

  function color(hex) {
    const c = new THREE.Color();
    const n = parseInt(hex.slice(1), 16);
    return c.setRGB(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, "srgb-linear");
  }

  /* Vector helpers for the orbit (arrays of 3). */
  const sub = (a, b) => a.map((v, i) => v - b[i]);
  const add = (a, b) => a.map((v, i) => v + b[i]);
  const mul = (a, s) => a.map((v) => v * s);
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const norm = (a) => Math.sqrt(dot(a, a));
  const unit = (a) => mul(a, 1 / norm(a));
  const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

  function slerp(a, b, t) {
    a = unit(a); b = unit(b);
    const d = Math.min(1, Math.max(-1, dot(a, b)));
    if (d > 0.9995) return unit(add(a, mul(sub(b, a), t)));
    if (d < -0.9995) {
      const axis = unit(cross(a, Math.abs(a[2]) < 0.9 ? Z_UP : [0, 1, 0]));
      const angle = Math.PI * t;
      return add(mul(a, Math.cos(angle)), mul(cross(axis, a), Math.sin(angle)));
    }
    const theta = Math.acos(d);
    return mul(add(mul(a, Math.sin((1 - t) * theta)), mul(b, Math.sin(t * theta))), 1 / Math.sin(theta));
  }

  /* transition.orbit: direction slerped, focal point and distance glided. */
  function orbit(start, end, t) {
    const focal = add(start[1], mul(sub(end[1], start[1]), t));
    const d0 = norm(sub(start[0], start[1])), d1 = norm(sub(end[0], end[1]));
    const direction = slerp(sub(start[0], start[1]), sub(end[0], end[1]), t);
    return [add(focal, mul(direction, d0 + (d1 - d0) * t)), focal, slerp(start[2], end[2], t)];
  }
  const ease = (t) => t * t * (3 - 2 * t);


  /* The gyral cortex, one mesh per hemisphere, painted with the regions' colours and shaded by sulcal depth
     (explorer/render/cortex.py); it tells whether it hides a region's points from the camera. */
  class Cortex {
    constructor(scene, meshes, style) {
      const packed = meshes.cortex, rule = style.see_through;
      this.rule = rule;
      this.base = color(style.cortex_color);
      this.labels = new Uint16Array(bytes(packed.vertex_labels).buffer);
      this.shade = bytes(packed.shade);
      this.meshes = new Map();
      const counts = new Map();
      for (const lid of this.labels) counts.set(lid, (counts.get(lid) || 0) + 1);
      this.painted = new Set([...counts].filter(([lid, n]) => lid && n >= rule.min_painted).map(([lid]) => lid));
      decode(packed, meshes.low, meshes.scale).forEach((geometry, i) => {
        const [v0, nv] = packed.spans[i];
        geometry.setAttribute("color", new THREE.BufferAttribute(new Float32Array(nv * 3), 3));
        const material = new THREE.MeshPhongMaterial({
          // The page's lights + ambient sum past 1 where the app's per-vertex lighting does not: a grey material
          // keeps the gyral crowns off white, so the sulcal shading shows as in the app.
          color: new THREE.Color(0.8, 0.8, 0.8), vertexColors: true, specular: new THREE.Color(0.12, 0.12, 0.12),
          shininess: 15, side: THREE.FrontSide,
        });
        const mesh = new THREE.Mesh(geometry, material);
        mesh.userData.cortex = { first: v0, count: nv };
        mesh.visible = false;
        scene.add(mesh);
        this.meshes.set(meshes.cortex_sides[i], mesh);
      });
      this.ray = new THREE.Raycaster().ray; // the bundle exports Raycaster, not Ray
    }

    /* Colours per vertex: each label's colour blended over the cortex's by its strength, times the shading. */
    paint(opacityOf, opaque) {
      const mix = new Map();
      for (const lid of this.painted) {
        const opacity = opacityOf(lid), named = this.namedOf ? this.namedOf(lid) : true;
        const strength = opacity >= opaque ? 1.0 : named ? Math.min(1.0, opacity * 1.2) : 0.0;
        if (strength > 0 && this.colorOf) mix.set(lid, [this.colorOf(lid), strength]);
      }
      for (const mesh of this.meshes.values()) {
        const { first, count } = mesh.userData.cortex, out = mesh.geometry.attributes.color.array;
        for (let i = 0; i < count; i++) {
          const m = mix.get(this.labels[first + i]), k = this.shade[first + i] / 255;
          const r = m ? this.base.r * (1 - m[1]) + m[0].r * m[1] : this.base.r;
          const g = m ? this.base.g * (1 - m[1]) + m[0].g * m[1] : this.base.g;
          const b = m ? this.base.b * (1 - m[1]) + m[0].b * m[1] : this.base.b;
          out[3 * i] = r * k; out[3 * i + 1] = g * k; out[3 * i + 2] = b * k;
        }
        mesh.geometry.attributes.color.needsUpdate = true;
      }
    }

    show(sides, seeThrough) {
      for (const [side, mesh] of this.meshes) mesh.visible = !seeThrough && sides.includes(side);
    }

    visibleMeshes() {
      return [...this.meshes.values()].filter((mesh) => mesh.visible);
    }

    /* The atlas label of the hit face's vertex nearest the hit point. */
    labelAt(hit) {
      const { first } = hit.object.userData.cortex, pos = hit.object.geometry.attributes.position;
      const v = new THREE.Vector3();
      let best = null, bestDistance = Infinity;
      for (const index of [hit.face.a, hit.face.b, hit.face.c]) {
        const distance = v.fromBufferAttribute(pos, index).distanceTo(hit.point);
        if (distance < bestDistance) { bestDistance = distance; best = index; }
      }
      return this.labels[first + best];
    }

    /* The nearest front face of these meshes that the ray from `origin` (unit `direction`) meets within `far`,
       as three.js's raycast reports it; each mesh's triangles are put in a RayGrid on first use. */
    nearestHit(meshes, origin, direction, far) {
      this.ray.set(origin, direction);
      let best = null;
      for (const mesh of meshes) {
        if (!mesh.userData.grid) mesh.userData.grid = new RayGrid(mesh.geometry);
        const hit = mesh.userData.grid.nearest(this.ray, far);
        if (hit && (!best || hit.distance < best.distance)) { hit.object = mesh; best = hit; }
      }
      return best;
    }

    /* As Cortex.shows: does the shown cortex leave at least this fraction of the points (with their labels)
       unhidden? A ray that meets the cortex painted with the point's own part counts as showing it. Rays stop
       as soon as the answer is certain. */
    shows(camera, points, part, fraction) {
      const shown = this.visibleMeshes();
      if (!points.length || !shown.length) return true;
      const allowed = (1 - fraction) * points.length;
      let hidden = 0, done = 0;
      const direction = new THREE.Vector3();
      for (const point of points) {
        direction.subVectors(point, camera);
        const length = direction.length();
        const hit = this.nearestHit(shown, camera, direction.normalize(), Math.max(length - this.rule.tolerance_mm, 0));
        if (hit && !part.has(this.labelAt(hit))) hidden++;
        done++;
        if (hidden > allowed) return false;
        if (hidden + points.length - done <= allowed) return true;
      }
      return true;
    }

    /* Would the cortex hide this region (its label meshes)? Each hemisphere's part is judged on its sampled
       points that face the camera; the region is hidden when no part shows. */
    hides(camera, meshes, labels) {
      const parts = new Map();
      for (const mesh of meshes) {
        const side = labels[mesh.userData.label].hemisphere;
        if (!parts.has(side)) parts.set(side, []);
        parts.get(side).push(mesh);
      }
      for (const part of parts.values()) {
        const points = this.samples(part, camera);
        const ids = new Set(part.map((mesh) => mesh.userData.label));
        if (this.shows(camera, points, ids, this.rule.visible_fraction)) return false;
      }
      return true;
    }

    /* Up to rule.samples evenly spread vertices of these meshes that face the camera. */
    samples(meshes, camera) {
      const total = meshes.reduce((n, mesh) => n + mesh.geometry.attributes.position.count, 0);
      const stride = Math.max(1, Math.floor(total / this.rule.samples));
      const out = [], p = new THREE.Vector3(), n = new THREE.Vector3(), toCamera = new THREE.Vector3();
      let index = 0;
      for (const mesh of meshes) {
        const pos = mesh.geometry.attributes.position, nor = mesh.geometry.attributes.normal;
        for (let i = 0; i < pos.count; i++, index++) {
          if (index % stride) continue;
          p.fromBufferAttribute(pos, i);
          n.fromBufferAttribute(nor, i);
          if (n.dot(toCamera.subVectors(camera, p)) > 0) out.push(p.clone());
        }
      }
      return out;
    }
  }

  class BrainScene {
    constructor(canvas, data) {
      this.data = data;
      this.canvas = canvas;
      this.renderer = new THREE.WebGLRenderer({ canvas: canvas, antialias: true });
      this.renderer.outputColorSpace = "srgb-linear"; // colours pass through as VTK draws them
      this.renderer.setPixelRatio(window.devicePixelRatio || 1);
      this.renderer.setClearColor(0xffffff, 1);
      this.scene = new THREE.Scene();
      this.camera = new THREE.PerspectiveCamera(data.fov, 1, 1, 3000);
      this.camera.up.set(0, 0, 1);
      this.scene.add(this.camera);
      this.addLights();
      this.buildMeshes(data.meshes, data.style);
      this.cortex = new Cortex(this.scene, data.meshes, data.style);
      this.cortex.colorOf = (lid) => (data.style.labels[lid] ? color(data.style.labels[lid].color) : this.cortex.base);
      this.cortex.namedOf = (lid) => Boolean(data.style.labels[lid] && data.style.labels[lid].named);
      this.seeThrough = true;
      this.controls = new THREE.OrbitControls(this.camera, canvas);
      this.controls.addEventListener("change", () => this.requestRender());
      this.controls.addEventListener("end", () => this.updateShell());
      this.raycaster = new THREE.Raycaster();
      this.hemispheres = "both";
      this.state = { selected: null, shown: new Set(), others: null };
      this.glide = null;
      this.pending = false;
      new ResizeObserver(() => this.resize()).observe(canvas);
      this.resize();
      this.applyStyle();
    }

    addLights() {
      /* The app's own camera lights (key, fill and rim), from the lesson's data: explorer/render/lighting.py
         LIGHTS, written by web_lesson.py, so the page and the app are lit from one source. Each sits at its
         camera-space position (the camera looks down -z) and shines at the camera's focal point; three's
         intensity is scaled by pi to give VTK's diffuse term. */
      this.lights = this.data.lights.map(({ position, intensity }) => {
        const light = new THREE.DirectionalLight(0xffffff, intensity * Math.PI);
        light.position.set(position[0], position[1], position[2]);
        this.camera.add(light);
        light.target.position.set(0, 0, 0);
        this.camera.add(light.target);
        return light;
      });
      this.scene.add(new THREE.AmbientLight(0xffffff, 0.12 * Math.PI));
    }

    buildMeshes(meshes, style) {
      this.labelMeshes = [];
      this.byLabel = new Map();
      decode(meshes.labels, meshes.low, meshes.scale).forEach((geometry, i) => {
        const lid = meshes.label_ids[i];
        const material = new THREE.MeshPhongMaterial({
          color: color(style.labels[lid].color), specular: new THREE.Color(0.2, 0.2, 0.2), shininess: 20,
          side: THREE.FrontSide,
        });
        const mesh = new THREE.Mesh(geometry, material);
        mesh.userData.label = lid;
        this.scene.add(mesh);
        this.labelMeshes.push(mesh);
        this.byLabel.set(lid, mesh);
      });
      this.glass = new Map();
      decode(meshes.glass, meshes.low, meshes.scale).forEach((geometry, i) => {
        const material = new THREE.MeshPhongMaterial({
          color: color(style.glass_color), opacity: style.glass_opacity, transparent: true, depthWrite: false,
          specular: new THREE.Color(0.3, 0.3, 0.3), side: THREE.FrontSide,
        });
        const mesh = new THREE.Mesh(geometry, material);
        mesh.renderOrder = 1; // after the regions, as a veil
        this.scene.add(mesh);
        this.glass.set(meshes.glass_sides[i], mesh);
      });
    }

    /* colors.label_style's opacity for a label in the current state. */
    opacityOf(lid) {
      const kind = this.data.style.labels[lid], o = this.data.style.opacity, s = this.state;
      if (s.selected && s.selected.has(lid)) return 1.0;
      if (s.shown.has(lid)) return 1.0;
      if (s.others !== null) return s.others;
      if (s.selected) return kind.named ? o.dimmed_region : o.dimmed_context;
      if (!kind.named) return o.context;
      return kind.core ? o.core : o.named;
    }

    sideVisible(hemisphere) {
      return this.hemispheres === "both" || hemisphere === "midline" || hemisphere === this.hemispheres;
    }

    setState(state, hemispheres) {
      this.state = { selected: state.selected && state.selected.size ? state.selected : null,
                     shown: state.shown || new Set(), others: state.others == null ? null : state.others };
      if (hemispheres) this.hemispheres = hemispheres;
      this.applyStyle();
    }

    applyStyle() {
      const opaque = this.data.style.opacity.opaque;
      this.cortex.paint((lid) => this.opacityOf(lid), opaque);
      for (const mesh of this.labelMeshes) {
        const lid = mesh.userData.label;
        const opacity = this.opacityOf(lid);
        const m = mesh.material;
        m.opacity = opacity;
        m.transparent = opacity < opaque;
        m.depthWrite = opacity >= opaque;
        m.polygonOffset = m.transparent; // the faint copy never z-fights a solid neighbour
        m.polygonOffsetFactor = 2;
        m.polygonOffsetUnits = 4;
        m.needsUpdate = true;
        // As in the app: a label no document names is drawn only when opaque (show all), never
        // as a translucent stack; the see-through shell stands for the cortex.
        const named = this.data.style.labels[lid].named;
        mesh.visible = this.sideVisible(this.data.labels[lid].hemisphere) && (named || opacity >= opaque);
      }
      this.updateShell();
    }

    /* The labels the cortex must not hide, by region: the selection, or else everything drawn solid. */
    focusGroups() {
      const opaque = this.data.style.opacity.opaque, groups = new Map();
      for (const mesh of this.labelMeshes) {
        const lid = mesh.userData.label;
        if (!mesh.visible || this.opacityOf(lid) < opaque) continue;
        if (this.state.selected && !this.state.selected.has(lid)) continue;
        const key = this.data.style.labels[lid].region || `label-${lid}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(mesh);
      }
      return groups;
    }

    /* As BrainScene.update_shell: the opaque gyral cortex, unless it would hide a region in focus from this
       camera (each hemisphere's part judged apart); then the see-through shell. On the opaque cortex the
       cortical regions show as its paint, and translucent regions are not drawn. */
    updateShell() {
      const sides = [...this.cortex.meshes.keys()].filter((side) => this.sideVisible(side));
      for (const mesh of this.labelMeshes) mesh.visible = mesh.userData.wanted = this.wanted(mesh);
      this.cortex.show(sides, false);
      const camera = this.camera.position.clone();
      let hidden = false;
      for (const meshes of this.focusGroups().values()) {
        if (this.cortex.hides(camera, meshes, this.data.labels)) { hidden = true; break; }
      }
      this.seeThrough = hidden || !sides.length;
      this.cortex.show(sides, this.seeThrough);
      // Both hemispheres shown: the one shell around the whole brain, as in the app (explorer/render/cortex.py).
      const glass = sides.length > 1 ? "both" : sides[0];
      for (const [key, mesh] of this.glass) mesh.visible = this.seeThrough && key === glass;
      const opaque = this.data.style.opacity.opaque;
      for (const mesh of this.labelMeshes) {
        const solid = mesh.material.opacity >= opaque;
        mesh.visible = mesh.userData.wanted &&
          (this.seeThrough || (solid && !this.cortex.painted.has(mesh.userData.label)));
      }
      this.requestRender();
    }

    wanted(mesh) {
      const lid = mesh.userData.label, opaque = this.data.style.opacity.opaque;
      const named = this.data.style.labels[lid].named;
      return this.sideVisible(this.data.labels[lid].hemisphere) && (named || this.opacityOf(lid) >= opaque);
    }

    resize() {
      const w = this.canvas.clientWidth || 1, h = this.canvas.clientHeight || 1;
      this.renderer.setSize(w, h, false);
      this.camera.aspect = w / h;
      this.camera.updateProjectionMatrix();
      this.requestRender();
    }

    /* The page's study peaks (MNI mm) as near-black spheres drawn over everything, as the app's marker
       layer draws them (an empty list hides them). They take no clicks. */
    setMarkers(points) {
      if (!this.markers) {
        this.markers = [];
        const marker = this.data.marker; // the app's own sphere mesh
        this.markerGeometry = new THREE.BufferGeometry();
        this.markerGeometry.setAttribute("position", new THREE.BufferAttribute(new Float32Array(marker.positions), 3));
        this.markerGeometry.setIndex(new THREE.BufferAttribute(new Uint16Array(marker.triangles), 1));
        this.markerGeometry.computeVertexNormals();
        this.markerMaterial = new THREE.MeshPhongMaterial({
          color: color(this.data.marker.color), specular: new THREE.Color(0.3, 0.3, 0.3), shininess: 60,
          emissive: color(this.data.marker.color), depthTest: false, depthWrite: false,
          transparent: true, opacity: 1.0, // drawn in the last pass, after the glass: over everything
        });
      }
      for (const mesh of this.markers) this.scene.remove(mesh);
      this.markers = points.map((p) => {
        const mesh = new THREE.Mesh(this.markerGeometry, this.markerMaterial);
        mesh.position.set(p[0], p[1], p[2]);
        mesh.renderOrder = 10; // after the regions and the glass: on top, as in the app
        this.scene.add(mesh);
        return mesh;
      });
      this.requestRender();
    }

    requestRender() {
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => this.draw());
    }

    draw() {
      this.pending = false;
      this.renderer.render(this.scene, this.camera);
    }

    /* Place the camera; the up vector stays +z for OrbitControls, nudged at the poles to keep `up` on top. */
    setCamera(camera) {
      let [position, focal, up] = camera;
      const toCamera = unit(sub(position, focal));
      if (Math.abs(toCamera[2]) > 0.999) {
        const distance = norm(sub(position, focal));
        position = sub(position, mul(unit(up), Math.sign(toCamera[2]) * 0.002 * distance));
      }
      this.camera.position.set(...position);
      this.controls.target.set(...focal);
      this.camera.lookAt(...focal);
      this.controls.update();
      this.requestRender();
    }

    cameraState() {
      const p = this.camera.position, f = this.controls.target;
      return [[p.x, p.y, p.z], [f.x, f.y, f.z], Z_UP];
    }

    /* Glide along the orbit over `ms` milliseconds; resolves when it ends. */
    glideTo(camera, ms) {
      if (this.glide) cancelAnimationFrame(this.glide);
      const start = this.cameraState(), begun = performance.now();
      return new Promise((resolve) => {
        const step = (now) => {
          const t = ms > 0 ? Math.min((now - begun) / ms, 1) : 1;
          const [p, f] = orbit(start, camera, ease(t));
          this.setCamera(t >= 1 ? camera : [p, f, camera[2]]);
          if (t < 1) this.glide = requestAnimationFrame(step);
          else { this.glide = null; this.updateShell(); resolve(); }
        };
        this.glide = requestAnimationFrame(step);
      });
    }

    /* Layer of a label for picking: 0 = drawn solid or a region the documents name, 1 = faint context. */
    layer(lid) {
      return this.opacityOf(lid) >= this.data.style.opacity.opaque || this.data.style.labels[lid].named ? 0 : 1;
    }

    /* The label under a point in normalised device coordinates, or null. */
    pick(x, y) {
      this.raycaster.setFromCamera(new THREE.Vector2(x, y), this.camera);
      const cortex = this.cortex.visibleMeshes();
      const wall = cortex.length ? this.raycaster.intersectObjects(cortex, false)[0] : null;
      let hits = this.raycaster.intersectObjects(this.labelMeshes.filter((m) => m.visible), false);
      if (wall) { // the opaque cortex: what is in front of it, or else the label painted where the ray meets it
        hits = hits.filter((h) => h.distance <= wall.distance + this.data.style.see_through.tolerance_mm);
        const lid = this.cortex.labelAt(wall);
        if (!hits.length) return this.byLabel.has(lid) ? lid : null;
      }
      const hit = hits.find((h) => this.layer(h.object.userData.label) === 0) || hits[0];
      return hit ? hit.object.userData.label : null;
    }

    toDevice(clientX, clientY) {
      const r = this.canvas.getBoundingClientRect();
      return [((clientX - r.left) / r.width) * 2 - 1, 1 - ((clientY - r.top) / r.height) * 2];
    }

    /* Where a world point (MNI mm) lands on the page, in client (CSS) pixels. */
    project(point) {
      const r = this.canvas.getBoundingClientRect(), v = new THREE.Vector3(...point).project(this.camera);
      return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
    }

    /* A client (CSS pixel) point where a click lands on one of these labels, nearest their middle on screen. */
    pointOn(labelIds) {
      const r = this.canvas.getBoundingClientRect(), v = new THREE.Vector3(), wanted = new Set(labelIds);
      const points = [];
      const project = (pos, i) => {
        v.fromBufferAttribute(pos, i).project(this.camera);
        if (Math.abs(v.x) < 0.95 && Math.abs(v.y) < 0.95 && v.z < 1) points.push([v.x, v.y]);
      };
      for (const lid of labelIds) {
        const mesh = this.byLabel.get(lid);
        if (!mesh || !mesh.visible) continue;
        for (let i = 0; i < mesh.geometry.attributes.position.count; i += 3) project(mesh.geometry.attributes.position, i);
      }
      for (const mesh of this.cortex.visibleMeshes()) { // regions shown as paint on the opaque cortex
        const { first } = mesh.userData.cortex, pos = mesh.geometry.attributes.position;
        for (let i = 0; i < pos.count; i++) if (wanted.has(this.cortex.labels[first + i])) project(pos, i);
      }
      if (!points.length) return null;
      const mid = points.reduce((a, p) => [a[0] + p[0] / points.length, a[1] + p[1] / points.length], [0, 0]);
      points.sort((a, b) => Math.hypot(a[0] - mid[0], a[1] - mid[1]) - Math.hypot(b[0] - mid[0], b[1] - mid[1]));
      const around = [[0, 0], [-3, 0], [3, 0], [0, -3], [0, 3]]; // whole pixels, and a margin round them
      for (const [x, y] of points.slice(0, 400)) {
        const cx = Math.round(r.left + ((x + 1) / 2) * r.width), cy = Math.round(r.top + ((1 - y) / 2) * r.height);
        if (around.every(([dx, dy]) => wanted.has(this.pick(...this.toDevice(cx + dx, cy + dy))))) {
          return { x: cx, y: cy };
        }
      }
      return null;
    }
  }

  return { BrainScene: BrainScene, orbit: orbit, decode: decode, color: color };
})();
