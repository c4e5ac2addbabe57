/**
 * Mutations of safetensors files for the fuzz targets: raw byte damage (flips, truncation, insertion), and
 * structured edits of the JSON header — any field, including the JSON inside `__metadata__` strings, replaced
 * by an edge value or a random JSON value, deleted, or joined by a new one — which a raw flip almost never
 * produces intact, so that the loaders' deeper checks are reached.
 */
import fc from 'fast-check';

export interface RawDamage {
  readonly kind: 'raw';
  readonly cut: number | null;
  readonly flips: readonly (readonly [number, number])[];
  readonly insert: readonly [number, Uint8Array] | null;
}

export interface HeaderEdit {
  readonly kind: 'header';
  /** Which path (modulo the number of paths) to edit. */
  readonly where: number;
  readonly op: 'replace' | 'delete' | 'add';
  readonly value: unknown;
  /** Also flip a byte of the tensor data. */
  readonly dataFlip: readonly [number, number] | null;
}

export type Damage = RawDamage | HeaderEdit;

/** Values that sit on the edges of what loaders check: sizes, offsets, dtypes, kinds, signs. */
const EDGE_VALUES: readonly unknown[] = [
  0, 1, -1, 2, 3, 0.5, -0.5, 255, 256, 1e9, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, -1e308, 1e-320,
  '', 'F32', 'F64', 'U8', 'I32', 'F16', 'linear', 'knn', 'linclass', 'linclass-checkpoint', '1', '2', 'NaN', 'Infinity', '1e400',
  [], {}, null, true, false, [0, 0], [1, 2], [-1, 5], [0, 1e9], [2 ** 31, 1], [1, 1, 1], ['a'], [null], { name: 'l2' }, { kind: 'scale', factor: 1e308 },
];

export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_VALUES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

export function damage(length: number): fc.Arbitrary<Damage> {
  const position = fc.oneof(fc.nat({ max: Math.min(63, length - 1) }), fc.nat({ max: length - 1 }));
  return fc.oneof(
    fc.record({
      kind: fc.constant('raw' as const),
      cut: fc.option(fc.nat({ max: length }), { nil: null }),
      flips: fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      insert: fc.option(fc.tuple(position, fc.uint8Array({ minLength: 1, maxLength: 16 })), { nil: null }),
    }),
    fc.record({
      kind: fc.constant('header' as const),
      where: fc.nat(),
      op: fc.constantFrom('replace' as const, 'replace' as const, 'delete' as const, 'add' as const),
      value: jsonish,
      dataFlip: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { nil: null }),
    }),
  );
}

function splitFile(bytes: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  return { header, data: bytes.subarray(8 + n) };
}

export function joinFile(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

type Path = readonly (string | number)[];

/** Every path into the header, with metadata strings holding JSON opened up as nested values. */
function paths(v: unknown, prefix: Path, out: Path[]): void {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
}

/** The header with metadata strings parsed where they hold JSON (so edits can reach inside them). */
function open(header: Record<string, unknown>): { tree: Record<string, unknown>; opened: Set<string> } {
  const tree = structuredClone(header);
  const opened = new Set<string>();
  const md = tree['__metadata__'];
  if (typeof md === 'object' && md !== null) {
    for (const [k, v] of Object.entries(md as Record<string, unknown>)) {
      if (typeof v !== 'string') continue;
      try {
        (md as Record<string, unknown>)[k] = JSON.parse(v);
        opened.add(k);
      } catch {
        // a plain string (format, version): edited as it is
      }
    }
  }
  return { tree, opened };
}

function close(tree: Record<string, unknown>, opened: Set<string>): Record<string, unknown> {
  const md = tree['__metadata__'];
  if (typeof md === 'object' && md !== null && !Array.isArray(md)) {
    // Opened values go back to JSON text; a plain value edited to a non-string stays so (the reader must refuse it).
    for (const [k, v] of Object.entries(md as Record<string, unknown>)) if (opened.has(k)) (md as Record<string, unknown>)[k] = JSON.stringify(v);
  }
  return tree;
}

/** Applies a header edit; `reseal` may then repair a checksum before the file is joined again. */
export function editHeader(bytes: Uint8Array, d: HeaderEdit, reseal?: (header: Record<string, unknown>, data: Uint8Array) => void): Uint8Array {
  const { header, data } = splitFile(bytes);
  const { tree, opened } = open(header);
  const all: Path[] = [];
  paths(tree, [], all);
  const path = all[d.where % all.length]!;
  const dataCopy = data.slice();
  if (d.dataFlip && dataCopy.length > 0) dataCopy[d.dataFlip[0] % dataCopy.length]! ^= d.dataFlip[1];
  if (path.length === 0) {
    if (d.op === 'add') tree[`extra${d.where % 7}`] = d.value;
  } else {
    let parent: unknown = tree;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
    const last = path[path.length - 1]!;
    const p = parent as Record<string | number, unknown>;
    if (d.op === 'replace') p[last] = d.value;
    else if (d.op === 'delete') {
      if (Array.isArray(p)) p.splice(last as number, 1);
      else delete p[last];
    } else {
      const target = p[last];
      if (Array.isArray(target)) target.push(d.value);
      else if (typeof target === 'object' && target !== null) (target as Record<string, unknown>)[`extra${d.where % 7}`] = d.value;
      else p[last] = d.value;
    }
  }
  const edited = close(tree, opened);
  reseal?.(edited, dataCopy);
  return joinFile(edited, dataCopy);
}

export function applyRaw(bytes: Uint8Array, d: RawDamage): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const [at, value] of d.flips) out[at % out.length] = value;
  if (d.insert) {
    const [at, ins] = d.insert;
    const i = at % (out.length + 1);
    const grown = new Uint8Array(out.length + ins.length);
    grown.set(out.subarray(0, i));
    grown.set(ins, i);
    grown.set(out.subarray(i), i + ins.length);
    out = grown;
  }
  return d.cut === null ? out : out.subarray(0, d.cut);
}

export function applyDamage(bytes: Uint8Array, d: Damage, reseal?: (header: Record<string, unknown>, data: Uint8Array) => void): Uint8Array {
  return d.kind === 'raw' ? applyRaw(bytes, d) : editHeader(bytes, d, reseal);
}
