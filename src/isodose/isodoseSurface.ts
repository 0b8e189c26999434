import { InputError } from '../errors/InputError';
import { gridTransforms, validateGridGeometry, type Grid3 } from '../geometry/Grid3';

/** A triangle mesh of an isodose surface for a 3D view (e.g. a three.js BufferGeometry). */
export interface IsodoseSurface {
  readonly levelGy: number;
  /** x, y, z per vertex, patient mm. */
  readonly positionsMm: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside (normals point to lower dose). */
  readonly indices: Uint32Array;
}

/** The six tetrahedra of a cube around its main diagonal 0–7 (corner bits: x = 1, y = 2, z = 4). */
const TETRAHEDRA = [
  [0, 1, 3, 7],
  [0, 1, 5, 7],
  [0, 2, 3, 7],
  [0, 2, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
] as const;

/**
 * Isodose surface {dose ≥ levelGy} as a closed triangle mesh in patient mm, by marching tetrahedra: each cell
 * between 8 neighbouring voxel centres is split into 6 tetrahedra around its main diagonal (the same split in
 * every cell, so neighbouring cells share face diagonals and the mesh is watertight without a case table),
 * and the surface crosses each tetrahedron edge where the linear interpolation of its two end doses equals
 * the level. Vertices on shared edges are shared.
 * The surface is closed at the grid's boundary: beyond the outer voxel centres the lattice is padded with a
 * layer "below the level" placed on the outer voxel faces (index −½ and n − ½), and crossings towards it sit
 * on those faces, so a region touching the grid's edge is capped there (as d3-contour closes isodose lines);
 * along half of the grid's 12 edges the fixed diagonal split cuts the cap's corner (a chamfer of legs ½ voxel).
 * Only cells next to voxels ≥ level are visited. An empty region gives an empty mesh.
 * Throws InputError: grid errors, 'bad-grid-data', 'bad-level' (NaN/∞), 'dose-not-finite'.
 */
export function isodoseSurface(dose: Grid3, levelGy: number): IsodoseSurface {
  validateGridGeometry(dose, 'dose grid');
  const [nx, ny, nz] = dose.dimensions;
  const data = dose.data;
  if (data.length !== nx * ny * nz) throw new InputError('bad-grid-data', `dose grid has ${data.length} values for ${nx}×${ny}×${nz} voxels`);
  if (!Number.isFinite(levelGy)) throw new InputError('bad-level', `isodose level must be a finite Gy value, got ${levelGy}`);

  // Padded lattice: node p along an axis of n voxels is voxel p − 1 for 1 ≤ p ≤ n, the padding at 0 and n + 1.
  const px = nx + 2, py = ny + 2, pz = nz + 2;
  let loX = Infinity, loY = Infinity, loZ = Infinity, hiX = -Infinity, hiY = -Infinity, hiZ = -Infinity;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = j * nx + k * nx * ny;
      for (let i = 0; i < nx; i++) {
        const d = data[row + i];
        if (!Number.isFinite(d)) throw new InputError('dose-not-finite', `dose grid voxel (${i}, ${j}, ${k}) = ${d} Gy`);
        if (!(d >= levelGy)) continue;
        if (i + 1 < loX) loX = i + 1;
        if (i + 1 > hiX) hiX = i + 1;
        if (j + 1 < loY) loY = j + 1;
        if (j + 1 > hiY) hiY = j + 1;
        if (k + 1 < loZ) loZ = k + 1;
        if (k + 1 > hiZ) hiZ = k + 1;
      }
    }
  }
  if (!(hiX >= loX)) return { levelGy, positionsMm: new Float32Array(0), indices: new Uint32Array(0) };

  const m = gridTransforms(dose).indexToWorld;
  const mesh = new MeshBuilder();
  const vertexByEdge = new Map<number, number>();
  const value = new Float64Array(8);
  const inside = new Uint8Array(8);
  const node = new Float64Array(8);
  const corner = new Float64Array(24); // world position of each cube corner
  const edgeVertex = new Uint32Array(4);
  const ins = new Uint8Array(4);
  const outs = new Uint8Array(4);
  const cube = new CubeEdges(mesh, vertexByEdge, value, node, corner, levelGy);
  const nodeCoordinate = (p: number, n: number): number => (p === 0 ? -0.5 : p === n + 1 ? n - 0.5 : p - 1);

  for (let c = loZ - 1; c <= hiZ; c++) {
    for (let b = loY - 1; b <= hiY; b++) {
      for (let a = loX - 1; a <= hiX; a++) {
        let insideCount = 0;
        for (let q = 0; q < 8; q++) {
          const pi = a + (q & 1), pj = b + ((q >> 1) & 1), pk = c + (q >> 2);
          const padded = pi === 0 || pj === 0 || pk === 0 || pi === px - 1 || pj === py - 1 || pk === pz - 1;
          const v = padded ? -Infinity : data[pi - 1 + (pj - 1) * nx + (pk - 1) * nx * ny];
          value[q] = v;
          inside[q] = v >= levelGy ? 1 : 0;
          insideCount += inside[q];
          node[q] = pi + pj * px + pk * px * py;
        }
        if (insideCount === 0 || insideCount === 8) continue;
        for (let q = 0; q < 8; q++) {
          const x = nodeCoordinate(a + (q & 1), nx), y = nodeCoordinate(b + ((q >> 1) & 1), ny), z = nodeCoordinate(c + (q >> 2), nz);
          corner[3 * q] = m[0] * x + m[1] * y + m[2] * z + m[3];
          corner[3 * q + 1] = m[4] * x + m[5] * y + m[6] * z + m[7];
          corner[3 * q + 2] = m[8] * x + m[9] * y + m[10] * z + m[11];
        }
        for (let t = 0; t < 6; t++) {
          const tet = TETRAHEDRA[t];
          // Split the 4 corners into inside and outside ones.
          let insideN = 0, outsideN = 0;
          for (let e = 0; e < 4; e++) {
            const q = tet[e];
            if (inside[q]) ins[insideN++] = q;
            else outs[outsideN++] = q;
          }
          if (insideN === 0 || outsideN === 0) continue;
          const inRef = ins[0];
          const outRef = outs[0];
          if (insideN === 1 || outsideN === 1) {
            const apexInside = insideN === 1;
            const apex = apexInside ? ins[0] : outs[0];
            for (let e = 0; e < 3; e++) {
              const other = apexInside ? outs[e] : ins[e];
              edgeVertex[e] = apexInside ? cube.vertexOn(apex, other) : cube.vertexOn(other, apex);
            }
            mesh.addTriangle(edgeVertex[0], edgeVertex[1], edgeVertex[2], corner, inRef, outRef);
          } else {
            // Quad between the two inside (a, b) and two outside (c, d) corners, in cyclic order ac, ad, bd, bc.
            edgeVertex[0] = cube.vertexOn(ins[0], outs[0]);
            edgeVertex[1] = cube.vertexOn(ins[0], outs[1]);
            edgeVertex[2] = cube.vertexOn(ins[1], outs[1]);
            edgeVertex[3] = cube.vertexOn(ins[1], outs[0]);
            mesh.addTriangle(edgeVertex[0], edgeVertex[1], edgeVertex[2], corner, inRef, outRef);
            mesh.addTriangle(edgeVertex[0], edgeVertex[2], edgeVertex[3], corner, inRef, outRef);
          }
        }
      }
    }
  }
  return { levelGy, ...mesh.finish() };
}

/** Shared surface vertices on the edges of the current cube (keyed by lattice edge, so neighbours reuse them). */
class CubeEdges {
  constructor(
    private readonly mesh: MeshBuilder,
    private readonly vertexByEdge: Map<number, number>,
    private readonly value: Float64Array,
    private readonly node: Float64Array,
    private readonly corner: Float64Array,
    private readonly levelGy: number,
  ) {}

  /** Vertex where the surface crosses the edge from inside corner qi to outside corner qo. */
  vertexOn(qi: number, qo: number): number {
    // Freudenthal edges join nested corners: the one with fewer bits is the lower lattice node.
    const lower = (qi & qo) === qi ? qi : qo;
    const upper = lower === qi ? qo : qi;
    const key = this.node[lower] * 8 + (upper ^ lower);
    let index = this.vertexByEdge.get(key);
    if (index === undefined) {
      const value = this.value;
      const corner = this.corner;
      // Towards the padding the crossing sits on the padding node (the grid's outer face).
      const t = value[qo] === -Infinity ? 1 : (this.levelGy - value[qi]) / (value[qo] - value[qi]);
      index = this.mesh.addVertex(
        corner[3 * qi] + t * (corner[3 * qo] - corner[3 * qi]),
        corner[3 * qi + 1] + t * (corner[3 * qo + 1] - corner[3 * qi + 1]),
        corner[3 * qi + 2] + t * (corner[3 * qo + 2] - corner[3 * qi + 2]),
        0.5 * (corner[3 * qi] + corner[3 * qo]),
        0.5 * (corner[3 * qi + 1] + corner[3 * qo + 1]),
        0.5 * (corner[3 * qi + 2] + corner[3 * qo + 2]),
      );
      this.vertexByEdge.set(key, index);
    }
    return index;
  }
}

/**
 * Growable vertex and index buffers. Triangles are oriented so that their normal points from the inside corner
 * to the outside one, judged on proxy positions (each vertex's edge midpoint) rather than the vertices: a vertex
 * may sit on a lattice node (dose exactly at the level, or a cap on the padding), making the real triangle
 * degenerate, while the proxies always separate the tetrahedron's inside and outside corners, so the
 * orientation is consistent over the whole mesh.
 */
class MeshBuilder {
  private positions: Float64Array<ArrayBuffer> = new Float64Array(3 * 1024);
  private proxies: Float64Array<ArrayBuffer> = new Float64Array(3 * 1024);
  private indices = new Uint32Array(3 * 2048);
  private vertexCount = 0;
  private indexCount = 0;

  addVertex(x: number, y: number, z: number, proxyX: number, proxyY: number, proxyZ: number): number {
    if (3 * this.vertexCount + 3 > this.positions.length) {
      this.positions = grow(this.positions);
      this.proxies = grow(this.proxies);
    }
    const o = 3 * this.vertexCount;
    this.positions[o] = x;
    this.positions[o + 1] = y;
    this.positions[o + 2] = z;
    this.proxies[o] = proxyX;
    this.proxies[o + 1] = proxyY;
    this.proxies[o + 2] = proxyZ;
    return this.vertexCount++;
  }

  /** Adds (a, b, c), swapped to (a, c, b) when its proxy normal points from the outside corner towards the inside one. */
  addTriangle(a: number, b: number, c: number, corner: Float64Array, insideCorner: number, outsideCorner: number): void {
    const p = this.proxies;
    const ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
    const vx = p[3 * c] - p[3 * a], vy = p[3 * c + 1] - p[3 * a + 1], vz = p[3 * c + 2] - p[3 * a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const rx = corner[3 * outsideCorner] - corner[3 * insideCorner];
    const ry = corner[3 * outsideCorner + 1] - corner[3 * insideCorner + 1];
    const rz = corner[3 * outsideCorner + 2] - corner[3 * insideCorner + 2];
    const flip = nx * rx + ny * ry + nz * rz < 0;
    if (this.indexCount + 3 > this.indices.length) {
      const grown = new Uint32Array(2 * this.indices.length);
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.indexCount++] = a;
    this.indices[this.indexCount++] = flip ? c : b;
    this.indices[this.indexCount++] = flip ? b : c;
  }

  finish(): { positionsMm: Float32Array; indices: Uint32Array } {
    return { positionsMm: Float32Array.from(this.positions.subarray(0, 3 * this.vertexCount)), indices: this.indices.slice(0, this.indexCount) };
  }
}

function grow(values: Float64Array): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(2 * values.length);
  grown.set(values);
  return grown;
}
