/* A uniform grid over a mesh's triangles, so that a ray tests the few triangles along its path. three.js's
   own Mesh.raycast tests every triangle (30,000 per hemisphere of the cortex), and the see-through rule casts
   about a hundred rays per region (explorer/render/cortex.py asks VTK's cell locator the same question).
   Same answer as three.js's raycast of a front-side material: the nearest front face within [0, far], with
   its distance, point and vertex indices. Uses the global THREE (vendored bundle). */
"use strict";

var RayGrid = (function () {
  const CELLS = 24; // per axis: cells of a few mm for a hemisphere
  const toCell = (v) => Math.min(CELLS - 1, Math.max(0, Math.floor(v)));  // a coordinate in cells, clamped

  class RayGrid {
    constructor(geometry) {
      this.pos = geometry.attributes.position;
      this.index = geometry.index.array;
      geometry.computeBoundingBox();
      this.min = geometry.boundingBox.min.clone();
      this.size = geometry.boundingBox.max.clone().sub(this.min).divideScalar(CELLS).addScalar(1e-4);
      const triangles = this.index.length / 3, p = this.pos.array, idx = this.index;
      const ranges = new Int32Array(triangles * 6);  // each triangle's cell range (its bounding box)
      const counts = new Int32Array(CELLS * CELLS * CELLS + 1);
      const inv = [1 / this.size.x, 1 / this.size.y, 1 / this.size.z], low = [this.min.x, this.min.y, this.min.z];
      for (let t = 0; t < triangles; t++) {
        for (let axis = 0; axis < 3; axis++) {
          const v0 = p[3 * idx[3 * t] + axis], v1 = p[3 * idx[3 * t + 1] + axis], v2 = p[3 * idx[3 * t + 2] + axis];
          ranges[6 * t + axis] = toCell((Math.min(v0, v1, v2) - low[axis]) * inv[axis]);
          ranges[6 * t + 3 + axis] = toCell((Math.max(v0, v1, v2) - low[axis]) * inv[axis]);
        }
        this.eachCell(ranges, t, (cell) => { counts[cell + 1]++; });
      }
      for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
      this.start = counts.slice();
      this.items = new Int32Array(counts[counts.length - 1]);
      for (let t = 0; t < triangles; t++) this.eachCell(ranges, t, (cell) => { this.items[counts[cell]++] = t; });
      this.stamp = new Int32Array(triangles);  // the last ray that tested each triangle
      this.ray = 0;
    }

    cellOf(p) {
      return [toCell((p.x - this.min.x) / this.size.x), toCell((p.y - this.min.y) / this.size.y),
              toCell((p.z - this.min.z) / this.size.z)];
    }

    eachCell(ranges, t, visit) {
      const r = 6 * t;
      for (let x = ranges[r]; x <= ranges[r + 3]; x++) {
        for (let y = ranges[r + 1]; y <= ranges[r + 4]; y++) {
          for (let z = ranges[r + 2]; z <= ranges[r + 5]; z++) visit((x * CELLS + y) * CELLS + z);
        }
      }
    }

    /* The nearest front face the ray (unit direction) meets within `far`: {distance, point, face}, or null.
       Walks the grid's cells in the ray's order (Amanatides and Woo) and stops once a hit lies in the cell
       being left, since no later cell can hold a nearer one. */
    nearest(ray, far) {
      // The vendored bundle has no Box3: Ray.intersectBox reads only min and max. For an origin inside the box
      // it gives the exit point: start at the origin instead.
      const box = { min: this.min, max: this.min.clone().addScaledVector(this.size, CELLS) };
      const o = ray.origin, inside = ["x", "y", "z"].every((a) => o[a] >= box.min[a] && o[a] <= box.max[a]);
      const entry = inside ? o.clone() : ray.intersectBox(box, new THREE.Vector3());
      if (!entry) return null;
      const into = ray.origin.distanceTo(entry);
      if (into > far) return null;
      const cell = this.cellOf(entry), axes = ["x", "y", "z"];
      const step = [], next = [], delta = [];
      axes.forEach((axis, i) => {
        const d = ray.direction[axis];
        step[i] = d > 0 ? 1 : -1;
        delta[i] = d !== 0 ? this.size[axis] / Math.abs(d) : Infinity;
        const edge = this.min[axis] + (cell[i] + (d > 0 ? 1 : 0)) * this.size[axis];
        next[i] = d !== 0 ? (edge - ray.origin[axis]) / d : Infinity;
      });
      this.ray++;
      const a = new THREE.Vector3(), b = new THREE.Vector3(), c = new THREE.Vector3(), hit = new THREE.Vector3();
      let best = null;
      for (;;) {
        const id = (cell[0] * CELLS + cell[1]) * CELLS + cell[2];
        for (let k = this.start[id]; k < this.start[id + 1]; k++) {
          const t = this.items[k];
          if (this.stamp[t] === this.ray) continue;
          this.stamp[t] = this.ray;
          const i0 = this.index[3 * t], i1 = this.index[3 * t + 1], i2 = this.index[3 * t + 2];
          a.fromBufferAttribute(this.pos, i0); b.fromBufferAttribute(this.pos, i1); c.fromBufferAttribute(this.pos, i2);
          if (!ray.intersectTriangle(a, b, c, true, hit)) continue;
          const distance = ray.origin.distanceTo(hit);
          if (distance > far || (best && distance >= best.distance)) continue;
          best = { distance: distance, point: hit.clone(), face: { a: i0, b: i1, c: i2 } };
        }
        const axis = next[0] < next[1] ? (next[0] < next[2] ? 0 : 2) : (next[1] < next[2] ? 1 : 2);
        if ((best && best.distance <= next[axis]) || next[axis] > far) return best;
        cell[axis] += step[axis];
        if (cell[axis] < 0 || cell[axis] >= CELLS) return best;
        next[axis] += delta[axis];
      }
    }
  }

  return RayGrid;
})();
