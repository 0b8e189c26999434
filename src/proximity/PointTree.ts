/** A k-d tree over x, y, z triples (mm) for closest-point queries; build with buildPointTree. */
export interface PointTree {
  readonly points: Float64Array;
  /** Point indices, grouped so that node n holds order[first[n] .. first[n] + size[n]). */
  readonly order: Int32Array;
  readonly first: Int32Array;
  readonly size: Int32Array;
  /** Children of node n (−1 for a leaf). */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Tight box of node n: minX, minY, minZ, maxX, maxY, maxZ. */
  readonly boxes: Float64Array;
}

/** Closest pair between two point sets. */
export interface ClosestPair {
  /** Distance between the two points, mm (Infinity when a set is empty). */
  readonly distanceMm: number;
  /** Index of the point in A and in B (−1 when a set is empty). */
  readonly indexA: number;
  readonly indexB: number;
}

const LEAF_SIZE = 8;

/**
 * k-d tree: each node splits its points at the median of the axis of largest extent; leaves hold ≤ 8 points.
 * Nodes keep tight boxes, so queries prune whole subtrees farther than the best distance so far.
 * @see J. L. Bentley, "Multidimensional binary search trees used for associative searching", CACM 18:509 (1975)
 */
export function buildPointTree(points: Float64Array): PointTree {
  const n = Math.floor(points.length / 3);
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = p;
  const capacity = Math.max(1, 2 * Math.ceil(n / LEAF_SIZE) * 2);
  const first = new Int32Array(capacity);
  const size = new Int32Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const boxes = new Float64Array(6 * capacity);
  let nodes = 0;
  const stack: number[] = [];
  const make = (start: number, count: number): number => {
    const node = nodes++;
    first[node] = start;
    size[node] = count;
    const b = 6 * node;
    boxes[b] = boxes[b + 1] = boxes[b + 2] = Infinity;
    boxes[b + 3] = boxes[b + 4] = boxes[b + 5] = -Infinity;
    for (let q = start; q < start + count; q++) {
      const p = 3 * order[q];
      for (let a = 0; a < 3; a++) {
        if (points[p + a] < boxes[b + a]) boxes[b + a] = points[p + a];
        if (points[p + a] > boxes[b + 3 + a]) boxes[b + 3 + a] = points[p + a];
      }
    }
    stack.push(node);
    return node;
  };
  if (n > 0) make(0, n);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const count = size[node];
    if (count <= LEAF_SIZE) continue;
    const b = 6 * node;
    let axis = 0;
    for (let a = 1; a < 3; a++) if (boxes[b + 3 + a] - boxes[b + a] > boxes[b + 3 + axis] - boxes[b + axis]) axis = a;
    const start = first[node];
    const half = count >> 1;
    selectByAxis(points, order, start, start + count - 1, start + half, axis);
    left[node] = make(start, half);
    right[node] = make(start + half, count - half);
  }
  return { points, order, first, size, left, right, boxes };
}

/**
 * Exact closest pair between the points `a` (x, y, z triples) and the points of `tree`: each point of `a`
 * searches the tree for anything closer than the best pair so far (nearer child first, subtrees whose box is
 * not closer are skipped), starting with the point of `a` nearest to the tree's box, so the bound is tight
 * from the start and most searches stop at the root.
 */
export function closestPairToTree(a: Float64Array, tree: PointTree): ClosestPair {
  const countA = Math.floor(a.length / 3);
  if (countA === 0 || tree.order.length === 0) return { distanceMm: Infinity, indexA: -1, indexB: -1 };
  const boxes = tree.boxes;
  // Visit A in order of distance to the tree's root box.
  const rootDistance = new Float64Array(countA);
  for (let m = 0; m < countA; m++) rootDistance[m] = boxDistanceSq(boxes, 0, a[3 * m], a[3 * m + 1], a[3 * m + 2]);
  const visit = new Int32Array(countA);
  for (let m = 0; m < countA; m++) visit[m] = m;
  visit.sort((p, q) => rootDistance[p] - rootDistance[q]);
  let bestSq = Infinity;
  let bestA = -1;
  let bestB = -1;
  const stack = new Int32Array(128);
  for (let v = 0; v < countA; v++) {
    const m = visit[v];
    if (rootDistance[m] >= bestSq) break;
    const x = a[3 * m];
    const y = a[3 * m + 1];
    const z = a[3 * m + 2];
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      if (boxDistanceSq(boxes, node, x, y, z) >= bestSq) continue;
      const l = tree.left[node];
      if (l < 0) {
        for (let q = tree.first[node], end = q + tree.size[node]; q < end; q++) {
          const p = 3 * tree.order[q];
          const d = (tree.points[p] - x) ** 2 + (tree.points[p + 1] - y) ** 2 + (tree.points[p + 2] - z) ** 2;
          if (d < bestSq) {
            bestSq = d;
            bestA = m;
            bestB = tree.order[q];
          }
        }
        continue;
      }
      const r = tree.right[node];
      // Push the farther child first so the nearer one is searched first.
      if (boxDistanceSq(boxes, l, x, y, z) < boxDistanceSq(boxes, r, x, y, z)) {
        stack[top++] = r;
        stack[top++] = l;
      } else {
        stack[top++] = l;
        stack[top++] = r;
      }
    }
  }
  return { distanceMm: Math.sqrt(bestSq), indexA: bestA, indexB: bestB };
}

/** Exact closest pair between two point sets (the tree is built on the smaller set, the other one queries it). */
export function closestPointPair(a: Float64Array, b: Float64Array): ClosestPair {
  if (a.length >= b.length) return closestPairToTree(a, buildPointTree(b));
  const swapped = closestPairToTree(b, buildPointTree(a));
  return { distanceMm: swapped.distanceMm, indexA: swapped.indexB, indexB: swapped.indexA };
}

/**
 * Reorders order[lo..hi] so that order[k] holds the point with the k-th smallest coordinate on `axis`, smaller
 * ones before it and larger ones after (Hoare's selection with median-of-three pivots; O(n) on average).
 */
function selectByAxis(points: Float64Array, order: Int32Array, lo: number, hi: number, k: number, axis: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as pivot value
    const a = points[3 * order[lo] + axis];
    const b = points[3 * order[mid] + axis];
    const c = points[3 * order[hi] + axis];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (points[3 * order[i] + axis] < pivot) i++;
      while (points[3 * order[j] + axis] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function boxDistanceSq(boxes: Float64Array, node: number, x: number, y: number, z: number): number {
  const b = 6 * node;
  const dx = x < boxes[b] ? boxes[b] - x : x > boxes[b + 3] ? x - boxes[b + 3] : 0;
  const dy = y < boxes[b + 1] ? boxes[b + 1] - y : y > boxes[b + 4] ? y - boxes[b + 4] : 0;
  const dz = z < boxes[b + 2] ? boxes[b + 2] - z : z > boxes[b + 5] ? z - boxes[b + 5] : 0;
  return dx * dx + dy * dy + dz * dz;
}

/**
 * Smallest distance from any of `points` (x, y, z triples) to the points of `tree`, mm: exact, but organised
 * for a large `points` set and a small tree (an organ's vertices against a target's): a first pass over every
 * 64th point gives a bound, then only points whose distance to the tree's box is below the bound are queried.
 */
export function closestDistanceToTreeMm(points: Float64Array, tree: PointTree): number {
  const count = Math.floor(points.length / 3);
  if (count === 0 || tree.order.length === 0) return Infinity;
  let bestSq = Infinity;
  const stack = new Int32Array(128);
  for (const step of [64, 1]) {
    for (let m = 0; m < count; m += step) {
      const x = points[3 * m];
      const y = points[3 * m + 1];
      const z = points[3 * m + 2];
      if (boxDistanceSq(tree.boxes, 0, x, y, z) >= bestSq) continue;
      bestSq = Math.min(bestSq, nearestSq(tree, x, y, z, bestSq, stack));
    }
  }
  return Math.sqrt(bestSq);
}

/** Squared distance from (x, y, z) to the nearest tree point, or `limitSq` when none is closer. */
function nearestSq(tree: PointTree, x: number, y: number, z: number, limitSq: number, stack: Int32Array): number {
  let bestSq = limitSq;
  let top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    if (boxDistanceSq(tree.boxes, node, x, y, z) >= bestSq) continue;
    const l = tree.left[node];
    if (l < 0) {
      for (let q = tree.first[node], end = q + tree.size[node]; q < end; q++) {
        const p = 3 * tree.order[q];
        const d = (tree.points[p] - x) ** 2 + (tree.points[p + 1] - y) ** 2 + (tree.points[p + 2] - z) ** 2;
        if (d < bestSq) bestSq = d;
      }
      continue;
    }
    const r = tree.right[node];
    if (boxDistanceSq(tree.boxes, l, x, y, z) < boxDistanceSq(tree.boxes, r, x, y, z)) {
      stack[top++] = r;
      stack[top++] = l;
    } else {
      stack[top++] = l;
      stack[top++] = r;
    }
  }
  return bestSq;
}
