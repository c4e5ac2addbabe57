/**
 * The WebAssembly memory the kernels compute in, and a small allocator over it.
 *
 * One `WebAssembly.Memory` holds every matrix the kernels touch: shared (a SharedArrayBuffer, so the pool's
 * workers compute in the same bytes) when threads are possible, private otherwise. `alloc` hands out
 * 64-byte-aligned blocks (first fit over a free list sorted by address, neighbours merged on release);
 * when nothing fits, the memory grows. Nothing is allocated per kernel call beyond reusing named scratch
 * slots, which grow only when a bigger call comes.
 *
 * Growth and views: after `memory.grow` a shared memory keeps its old SharedArrayBuffer valid but at the old
 * length, and `memory.buffer` becomes a new object; a private memory detaches the old ArrayBuffer. So:
 * every buffer object the memory has had is remembered (to recognise matrices allocated before a growth), a
 * view is always taken afresh from `memory.buffer` right before it is used, and in private mode matrices
 * from `alloc` re-create their view when theirs was detached.
 */
import { ArgumentError } from '../../errors.js';
import type { ByteMatrix, IntMatrix, Matrix32 } from '../../tensor/matrix.js';

const PAGE = 65536;
const ALIGN = 64;
/** wasm32 addresses 4 GiB; the binaries declare that maximum. */
const MAX_PAGES = 65536;

interface Block {
  offset: number;
  size: number;
}

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  private readonly known = new WeakSet<ArrayBufferLike>();
  private free: Block[] = [];
  private readonly used = new Map<number, number>();
  private readonly scratch = new Map<string, Block>();

  constructor(memory: WebAssembly.Memory, shared: boolean, heapBase: number) {
    this.memory = memory;
    this.shared = shared;
    this.known.add(memory.buffer);
    const start = roundUp(heapBase, ALIGN);
    const end = memory.buffer.byteLength;
    if (end > start) this.free.push({ offset: start, size: end - start });
  }

  /** A new memory of `initialPages`, shared or not, sized to the binaries' declared maximum. */
  static createMemory(shared: boolean, initialPages: number): WebAssembly.Memory {
    return new WebAssembly.Memory({ initial: initialPages, maximum: MAX_PAGES, shared });
  }

  get buffer(): ArrayBufferLike {
    const b = this.memory.buffer;
    this.known.add(b);
    return b;
  }

  /** The byte offset of `a` in this memory, or -1 when `a` lives elsewhere. */
  offsetOf(a: ArrayBufferView): number {
    return this.known.has(a.buffer) && a.byteLength > 0 ? a.byteOffset : -1;
  }

  /** A block of at least `bytes` bytes (64-byte aligned). */
  malloc(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1), ALIGN);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < this.free.length; i++) {
        const b = this.free[i]!;
        if (b.size >= size) {
          const offset = b.offset;
          if (b.size === size) this.free.splice(i, 1);
          else {
            b.offset += size;
            b.size -= size;
          }
          this.used.set(offset, size);
          return offset;
        }
      }
      this.grow(size);
    }
    throw new ArgumentError('alloc', `cannot find ${bytes} bytes in WebAssembly memory after growing it`);
  }

  release(offset: number): void {
    const size = this.used.get(offset);
    if (size === undefined) return;
    this.used.delete(offset);
    this.insertFree({ offset, size });
  }

  /** A scratch block for `name`, reused across calls and grown when a call needs more. */
  scratchBlock(name: string, bytes: number): number {
    const s = this.scratch.get(name);
    if (s && s.size >= bytes) return s.offset;
    if (s) this.release(s.offset);
    const offset = this.malloc(Math.max(bytes, s ? s.size * 2 : 0));
    this.scratch.set(name, { offset, size: this.used.get(offset)! });
    return offset;
  }

  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.buffer, offset, length);
  }
  f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.buffer, offset, length);
  }
  i32(offset: number, length: number): Int32Array {
    return new Int32Array(this.buffer, offset, length);
  }
  u8(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.buffer, offset, length);
  }

  /** A float32 matrix in this memory (zero-filled). */
  allocMatrix(rows: number, cols: number): Matrix32 {
    const n = rows * cols;
    const offset = this.malloc(n * 4);
    this.f32(offset, n).fill(0);
    return this.shared ? { data: this.f32(offset, n), rows, cols } : this.liveView(rows, cols, () => this.f32(offset, n));
  }

  /** A byte matrix in this memory (zero-filled). */
  allocBytes(rows: number, cols: number): ByteMatrix {
    const n = rows * cols;
    const offset = this.malloc(n);
    this.u8(offset, n).fill(0);
    return this.shared ? { data: this.u8(offset, n), rows, cols } : this.liveView(rows, cols, () => this.u8(offset, n));
  }

  /** An int32 matrix in this memory (zero-filled). */
  allocInts(rows: number, cols: number): IntMatrix {
    const n = rows * cols;
    const offset = this.malloc(n * 4);
    this.i32(offset, n).fill(0);
    return this.shared ? { data: this.i32(offset, n), rows, cols } : this.liveView(rows, cols, () => this.i32(offset, n));
  }

  /** Private memory detaches views on growth: hand out a matrix whose `data` re-creates its view when needed. */
  private liveView<T extends Float32Array | Uint8Array | Int32Array>(rows: number, cols: number, make: () => T): { readonly data: T; rows: number; cols: number } {
    let view = make();
    return {
      rows,
      cols,
      get data(): T {
        if (view.buffer.byteLength === 0 && rows * cols > 0) view = make();
        return view;
      },
    };
  }

  private grow(bytes: number): void {
    const current = this.memory.buffer.byteLength;
    const pages = Math.max(Math.ceil(bytes / PAGE) + 1, Math.ceil(current / PAGE / 2));
    const allowed = Math.min(pages, MAX_PAGES - current / PAGE);
    if (allowed <= 0 || allowed * PAGE < bytes) {
      throw new ArgumentError('alloc', `needs ${bytes} more bytes but WebAssembly memory is limited to 4 GiB; process the data in smaller blocks`);
    }
    this.memory.grow(allowed);
    this.known.add(this.memory.buffer);
    this.insertFree({ offset: current, size: allowed * PAGE });
  }

  private insertFree(block: Block): void {
    const list = this.free;
    let i = 0;
    while (i < list.length && list[i]!.offset < block.offset) i++;
    list.splice(i, 0, block);
    const next = list[i + 1];
    if (next && block.offset + block.size === next.offset) {
      block.size += next.size;
      list.splice(i + 1, 1);
    }
    const prev = list[i - 1];
    if (prev && prev.offset + prev.size === block.offset) {
      prev.size += block.size;
      list.splice(i, 1);
    }
  }
}

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
