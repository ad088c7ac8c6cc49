/**
 * Bulk reads of notes from a real disk (what `NodeFileSystem.readFiles` and
 * `readFilesInBatches` do): synchronous reads on the calling thread, or a worker thread that does
 * the system calls (open, fstat, read, close, and the stamps' hashes) and hands the bytes over in
 * batches while the calling thread decodes and parses the batches it already has.
 *
 * Both give the same result for every file: valid UTF-8 without NUL bytes as a string (a BOM
 * kept), other bytes as a Uint8Array (core's decodeText reports them), an Error for a file that
 * cannot be read (a FIFO or a folder named `*.md`: "not a regular file", opened non-blocking so a
 * FIFO never hangs the read), and the same FileStamp.
 */
import { type BigIntStats, constants as fsc, openSync, fstatSync, readSync, closeSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * What a note's file looked like when it was read: enough to tell later, from a `stat` alone,
 * that it has not changed (as git's index does), plus a hash of its bytes for when the stat
 * cannot tell. Times and inode as decimal strings (nanoseconds; 64-bit values).
 */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  /** SHA-1 of the bytes, hex; left out (empty) when the reader was asked not to hash. */
  sha1: string;
}

export type ReadResult = Uint8Array | string | Error;

/** How a bulk read records stamps: where, and which stamps carry a hash (see NodeFileSystem). */
export interface StampRequest {
  stamps: Map<string, FileStamp>;
  /** Hash only files modified or changed at or after this time (ns); undefined: hash all. */
  hashSince: bigint | undefined;
}

export function stampOf(st: BigIntStats, data: Uint8Array, hash = true): FileStamp {
  return { size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino), sha1: hash ? createHash('sha1').update(data).digest('hex') : '' };
}

/** Files at or above this size are decoded on their own, not in a batch with others. */
const LARGE_FILE = 256 * 1024;
const O_READ = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0);

/** A file's bytes, read into `into` when they fit (the result is then a view of it). */
export function readNow(abs: string, rel: string, stamps: StampRequest | undefined, into?: Buffer): Buffer | Error {
  let fd: number | undefined;
  try {
    fd = openSync(abs, O_READ);
    // Nanosecond times (a bigint stat) only when stamps are kept.
    const st = stamps ? fstatSync(fd, { bigint: true }) : fstatSync(fd);
    if (!st.isFile()) return new Error('not a regular file');
    const data = readAll(fd, Number(st.size), into);
    if (stamps) {
      const b = st as BigIntStats;
      const since = stamps.hashSince;
      stamps.stamps.set(rel, stampOf(b, data, since === undefined || b.mtimeNs >= since || b.ctimeNs >= since));
    }
    return data;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The bytes of an open file whose size a stat just gave: one buffer of that size, read until the
 * end (readFileSync(fd) would stat the file again). A file that grew meanwhile is read whole.
 */
function readAll(fd: number, size: number, into?: Buffer): Buffer {
  let buf = into !== undefined && into.length > size ? into : Buffer.allocUnsafe(Math.max(size, 1));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/**
 * Reads `rels[from .. to)` synchronously on this thread into `out` (same indexes).
 * Every file is read into one reused buffer, then copied into its batch: no buffer per note
 * (10,000 of them were ~12 MB of garbage outside the heap until the collector got to them);
 * a larger file gets a buffer of its own.
 */
export function readRange(absOf: (rel: string) => string, rels: readonly string[], from: number, to: number, out: ReadResult[], stamps: StampRequest | undefined): void {
  const batches = [new TextBatch(out), new TextBatch(out)];
  const scratch = Buffer.allocUnsafe(64 * 1024);
  for (let i = from; i < to; i++) {
    const data = readNow(absOf(rels[i]!), rels[i]!, stamps, scratch);
    addRead(out, batches, i, data);
  }
  for (const b of batches) b.flush(true);
}

function addRead(out: ReadResult[], batches: TextBatch[], i: number, data: Buffer | Error): void {
  if (data instanceof Error) {
    out[i] = data;
    return;
  }
  // Valid UTF-8 without NUL bytes is decoded here, natively, in batches (what core's
  // decodeText would give, BOM kept); anything else goes to decodeText as bytes (a copy:
  // the scratch buffer is read into again), for its diagnostics. ASCII and other text are
  // batched apart, so one emoji does not make a batch's plain notes take two bytes a character.
  if (!isUtf8(data) || data.indexOf(0) >= 0) out[i] = Buffer.from(data);
  else batches[isAscii(data) ? 0 : 1]!.add(i, data);
}

/**
 * Decodes many notes' bytes as one string, then gives each note its slice of it. A workspace
 * keeps every note's text for as long as it lives: decoded one by one, each text is a small
 * string that the garbage collector copies twice before it settles (~45 MB of copying at
 * 10,000 notes); one large string per batch is made where it stays, and the notes' texts are
 * slices of it. NUL bytes separate the notes (their texts have none: checked before adding).
 */
class TextBatch {
  private static readonly SIZE = 1024 * 1024;
  private buffer: Buffer | undefined;
  private used = 0;
  private readonly indexes: number[] = [];

  constructor(private readonly out: ReadResult[]) {}

  add(index: number, data: Buffer): void {
    if (data.length >= LARGE_FILE) {
      this.out[index] = data.toString('utf8');
      return;
    }
    if (this.buffer !== undefined && this.used + data.length + 1 > this.buffer.length) this.flush();
    this.buffer ??= Buffer.allocUnsafe(TextBatch.SIZE);
    data.copy(this.buffer, this.used);
    this.used += data.length;
    this.buffer[this.used++] = 0;
    this.indexes.push(index);
  }

  /** Decodes what was added; `last`: the buffer is not needed any more. */
  flush(last = false): void {
    const buffer = this.buffer;
    if (last) this.buffer = undefined;
    if (buffer === undefined || this.indexes.length === 0) return;
    const all = buffer.toString('utf8', 0, this.used);
    let at = 0;
    for (const index of this.indexes) {
      const end = all.indexOf('\0', at);
      this.out[index] = all.slice(at, end);
      at = end + 1;
    }
    this.indexes.length = 0;
    this.used = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// The reader thread.
//
// Its code is a self-contained string run with `eval: true` (CommonJS, Node built-ins only), so
// it works the same from the compiled modules, from the bundled programs and from the VS Code
// extension's bundle of the server: nothing is looked up next to a file.
//
// Sharing the work: the calling thread reads from the front while the worker starts (~20-60 ms),
// chunk by chunk, claiming each chunk in a shared counter; the worker, once running, takes the
// counter over (swaps in -1) and reads everything from there. So the calling thread reads a
// prefix, the worker the rest, no file twice, and no time is lost waiting for the worker.
//
// A batch message covers files `start .. start + count` in order:
//   kinds[k]: 0 ASCII text (in `ascii`, NUL-separated), 1 other UTF-8 text (in `text`,
//             NUL-separated), 2 bytes that are not UTF-8 or hold NUL (next of `raws`), 3 text of
//             LARGE_FILE bytes or more (next of `raws`, decoded alone), 4 an error (next of `errors`)
//   stamps (when asked): each file's FileStamp, made there. Buffers are transferred, not copied.
// ---------------------------------------------------------------------------------------------

const KIND_ASCII = 0;
const KIND_TEXT = 1;
const KIND_BYTES = 2;
const KIND_LARGE_TEXT = 3;
const KIND_ERROR = 4;

interface BatchMessage {
  start: number;
  count: number;
  kinds: Uint8Array;
  ascii: ArrayBuffer | undefined;
  text: ArrayBuffer | undefined;
  raws: ArrayBuffer[];
  errors: { message: string; code?: string; errno?: number; syscall?: string; path?: string }[];
  /** Each file's stamp (none for an error), when asked. */
  stamps: (FileStamp | undefined)[] | undefined;
}

interface WorkerData {
  root: string;
  rels: readonly string[];
  shared: SharedArrayBuffer;
  stamps: boolean;
  hashSince: bigint | undefined;
  largeFile: number;
  firstFiles: number;
  batchBytes: number;
  batchFiles: number;
  /** Batches the worker may have handed over that this thread has not taken yet. */
  ahead: number;
}

export const READER_SOURCE = `'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { isAscii, isUtf8 } = require('node:buffer');
const { createHash } = require('node:crypto');
const { root, rels, shared, stamps, hashSince, largeFile, firstFiles, batchBytes, batchFiles, ahead } = workerData;
const O_READ = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const n = rels.length;
const control = new Int32Array(shared);
const from = Atomics.exchange(control, 0, -1);
let sent = 0;
// At most "ahead" batches handed over and not yet taken: the bytes waiting in messages stay few.
function waitForRoom() {
  for (;;) {
    const taken = Atomics.load(control, 1);
    if (sent - taken < ahead) return;
    Atomics.wait(control, 1, taken, 200);
  }
}
let scratch = Buffer.allocUnsafe(64 * 1024);
const pack = { ascii: Buffer.allocUnsafe(batchBytes + 1), text: Buffer.allocUnsafe(batchBytes + 1) };
let start = from, count = 0, asciiUsed = 0, textUsed = 0, limitFiles = firstFiles;
let kinds, raws, errors, stampList;
function reset() {
  count = 0; asciiUsed = 0; textUsed = 0;
  kinds = new Uint8Array(limitFiles); raws = []; errors = [];
  stampList = stamps ? [] : undefined;
}
function copyOut(buf, used) {
  if (used === 0) return undefined;
  const ab = new ArrayBuffer(used);
  buf.copy(new Uint8Array(ab), 0, 0, used);
  return ab;
}
function send() {
  if (count === 0) return;
  const ascii = copyOut(pack.ascii, asciiUsed), text = copyOut(pack.text, textUsed);
  const transfer = raws.slice();
  if (ascii) transfer.push(ascii);
  if (text) transfer.push(text);
  const k = kinds.subarray(0, count);
  transfer.push(kinds.buffer);
  parentPort.postMessage({ start, count, kinds: k, ascii, text, raws, errors, stamps: stampList }, transfer);
  sent++;
  start += count;
  limitFiles = batchFiles;
  reset();
}
function readFile(abs, k) {
  let fd;
  try {
    fd = fs.openSync(abs, O_READ);
    const st = stamps ? fs.fstatSync(fd, { bigint: true }) : fs.fstatSync(fd);
    if (!st.isFile()) return new Error('not a regular file');
    const size = Number(st.size);
    let buf = scratch.length > size ? scratch : Buffer.allocUnsafe(Math.max(size, 1));
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const r = fs.readSync(fd, buf, got, buf.length - got, null);
      if (r === 0) break;
      got += r;
    }
    const data = buf.subarray(0, got);
    if (stamps) {
      const hash = hashSince === undefined || st.mtimeNs >= hashSince || st.ctimeNs >= hashSince;
      stampList[k] = { size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino), sha1: hash ? createHash('sha1').update(data).digest('hex') : '' };
    }
    return data;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
function own(data) {
  const ab = new ArrayBuffer(data.length);
  data.copy(new Uint8Array(ab));
  return ab;
}
reset();
for (let i = from; i < n; i++) {
  const rel = rels[i];
  const k = count++;
  const data = readFile(rel === '' ? root : path.join(root, ...rel.split('/')), k);
  if (data instanceof Error) {
    kinds[k] = ${KIND_ERROR};
    errors.push({ message: data.message, code: data.code, errno: data.errno, syscall: data.syscall, path: data.path });
  } else if (!isUtf8(data) || data.indexOf(0) >= 0) {
    kinds[k] = ${KIND_BYTES};
    raws.push(own(data));
  } else if (data.length >= largeFile) {
    kinds[k] = ${KIND_LARGE_TEXT};
    raws.push(own(data));
  } else {
    if (isAscii(data)) {
      data.copy(pack.ascii, asciiUsed);
      asciiUsed += data.length;
      pack.ascii[asciiUsed++] = 0;
      kinds[k] = ${KIND_ASCII};
    } else {
      data.copy(pack.text, textUsed);
      textUsed += data.length;
      pack.text[textUsed++] = 0;
      kinds[k] = ${KIND_TEXT};
    }
  }
  // A batch ends at its file limit, or when either buffer could not take another file.
  if (count === limitFiles || asciiUsed + largeFile + 1 > batchBytes || textUsed + largeFile + 1 > batchBytes) {
    send();
    waitForRoom();
  }
}
send();
parentPort.postMessage({ done: true });
`;

/**
 * Where a bulk read reads: 'auto' is 'shared' for WORKER_MIN_FILES notes or more (unless
 * `RAPPORT_READ_THREAD=0` is in the environment), else 'never'; 'shared': a worker thread reads
 * all but the front, which this thread reads while the worker starts; 'worker': the worker reads
 * every file (this thread waits for it); 'never': this thread reads every file.
 */
export type ReaderThread = 'auto' | 'shared' | 'worker' | 'never';

export interface BatchReadOptions {
  root: string;
  absOf: (rel: string) => string;
  rels: readonly string[];
  onBatch: (start: number, datas: readonly ReadResult[]) => void;
  stamps: StampRequest | undefined;
  thread: ReaderThread;
  /** The worker's code (tests replace it by one that fails); default READER_SOURCE. */
  source?: string;
}

/** Fewer notes than this are read on the calling thread ('auto'): a worker costs ~20-60 ms to start. */
export const WORKER_MIN_FILES = 1000;
/** Files the calling thread claims at a time while the worker starts. */
const CHUNK = 16;

/**
 * Reads every file of `rels`, handing the results to `onBatch` in order (each batch starts
 * where the last one ended), and resolves once all are handed over. With a worker thread, the
 * batches come as the worker reads them, so `onBatch` can parse one batch while the next is
 * read. A worker that cannot start or fails leaves the rest to a synchronous read: the same
 * results either way.
 */
export async function readInBatches(o: BatchReadOptions): Promise<BatchReadReport> {
  const report: BatchReadReport = { worker: false, onThisThread: 0, fromWorker: 0, fellBack: false };
  const n = o.rels.length;
  const mode = o.thread === 'auto' ? (n >= WORKER_MIN_FILES && process.env.RAPPORT_READ_THREAD !== '0' ? 'shared' : 'never') : o.thread;
  const useWorker = mode !== 'never';
  // [0]: the next file this thread would read (-1 once the worker took over); [1]: batches taken.
  const shared = new SharedArrayBuffer(8);
  const next = new Int32Array(shared);
  let worker: Worker | undefined;
  if (useWorker && n > 0) {
    try {
      const data: WorkerData = {
        root: o.root,
        rels: o.rels,
        shared,
        stamps: o.stamps !== undefined,
        hashSince: o.stamps?.hashSince,
        largeFile: LARGE_FILE,
        firstFiles: 64,
        batchBytes: 1024 * 1024,
        batchFiles: 1024,
        ahead: 4,
      };
      worker = new Worker(o.source ?? READER_SOURCE, { eval: true, workerData: data, stdout: true, stderr: true });
    } catch {
      worker = undefined;
    }
  }
  if (worker === undefined) {
    const out: ReadResult[] = new Array(n);
    readRange(o.absOf, o.rels, 0, n, out, o.stamps);
    report.onThisThread = n;
    o.onBatch(0, out);
    return report;
  }
  report.worker = true;

  // The front, on this thread, until the worker takes the counter over.
  const prefix: ReadResult[] = [];
  const batches = [new TextBatch(prefix), new TextBatch(prefix)];
  const scratch = Buffer.allocUnsafe(64 * 1024);
  while (mode === 'shared') {
    const at = Atomics.load(next, 0);
    if (at < 0 || at >= n) break;
    const end = Math.min(n, at + CHUNK);
    const local: StampRequest | undefined = o.stamps && { stamps: new Map(), hashSince: o.stamps.hashSince };
    const got: (Buffer | Error)[] = [];
    for (let i = at; i < end; i++) {
      const data = readNow(o.absOf(o.rels[i]!), o.rels[i]!, local, scratch);
      // The scratch buffer is read into again: keep a copy of what is not in a batch yet.
      got.push(data instanceof Error ? data : Buffer.from(data));
    }
    // The worker took over meanwhile: it reads this chunk itself.
    if (Atomics.compareExchange(next, 0, at, end) !== at) break;
    for (let k = 0; k < got.length; k++) addRead(prefix, batches, at + k, got[k]!);
    if (local) for (const [rel, s] of local.stamps) o.stamps!.stamps.set(rel, s);
  }
  for (const b of batches) b.flush(true);
  let delivered = 0;
  const w = worker;
  try {
    if (prefix.length > 0) {
      delivered = report.onThisThread = prefix.length;
      o.onBatch(0, prefix);
    }
    if (delivered < n) {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const finish = (err?: unknown) => {
          if (settled) return;
          settled = true;
          if (err === undefined) resolve();
          else reject(err);
        };
        // The worker stopped before handing everything over: read the rest here.
        const rest = () => {
          if (settled) return;
          try {
            const out: ReadResult[] = new Array(n);
            readRange(o.absOf, o.rels, delivered, n, out, o.stamps);
            const from = delivered;
            delivered = n;
            report.fellBack = true;
            report.onThisThread += n - from;
            o.onBatch(from, out.slice(from));
            finish();
          } catch (e) {
            finish(e);
          }
        };
        w.on('message', (m: BatchMessage | { done: true }) => {
          if (settled) return;
          if ('done' in m) {
            if (delivered === n) finish();
            else rest();
            return;
          }
          if (m.start !== delivered) {
            rest();
            return;
          }
          let datas: ReadResult[];
          try {
            datas = unpack(m, o.rels, o.stamps);
          } catch {
            rest();
            return;
          }
          delivered += m.count;
          report.fromWorker += m.count;
          try {
            o.onBatch(m.start, datas);
          } catch (e) {
            finish(e);
          }
          Atomics.add(next, 1, 1);
          Atomics.notify(next, 1);
        });
        w.on('error', rest);
        w.on('messageerror', rest);
        w.on('exit', rest);
      });
    }
  } finally {
    // Wakes a worker waiting for room, so that it stops at once.
    Atomics.store(next, 1, 1 << 30);
    Atomics.notify(next, 1);
    void w.terminate();
  }
  return report;
}

/** How a bulk read went (for tests and measurements). */
export interface BatchReadReport {
  /** Whether a worker thread was started. */
  worker: boolean;
  /** Files read on the calling thread (the front while the worker started, or after it failed). */
  onThisThread: number;
  /** Files the worker read and handed over. */
  fromWorker: number;
  /** Whether the worker stopped or failed and the rest was read on the calling thread. */
  fellBack: boolean;
}

/** The results of one batch message, stamps recorded. */
function unpack(m: BatchMessage, rels: readonly string[], stamps: StampRequest | undefined): ReadResult[] {
  const out: ReadResult[] = new Array(m.count);
  // ASCII: every byte is one character, so latin1 gives what UTF-8 would, without validating again.
  const ascii = m.ascii ? Buffer.from(m.ascii).toString('latin1') : '';
  const text = m.text ? Buffer.from(m.text).toString('utf8') : '';
  let a = 0;
  let t = 0;
  let r = 0;
  let e = 0;
  for (let k = 0; k < m.count; k++) {
    switch (m.kinds[k]) {
      case KIND_ASCII: {
        const end = ascii.indexOf('\0', a);
        out[k] = ascii.slice(a, end);
        a = end + 1;
        break;
      }
      case KIND_TEXT: {
        const end = text.indexOf('\0', t);
        out[k] = text.slice(t, end);
        t = end + 1;
        break;
      }
      case KIND_BYTES:
        out[k] = Buffer.from(m.raws[r++]!);
        break;
      case KIND_LARGE_TEXT:
        out[k] = Buffer.from(m.raws[r++]!).toString('utf8');
        break;
      case KIND_ERROR: {
        const { message, ...rest } = m.errors[e++]!;
        const err = new Error(message);
        for (const [key, value] of Object.entries(rest)) if (value !== undefined) (err as unknown as Record<string, unknown>)[key] = value;
        out[k] = err;
        break;
      }
      default:
        throw new Error('unknown kind');
    }
    const stamp = m.stamps?.[k];
    if (stamps && stamp !== undefined) stamps.stamps.set(rels[m.start + k]!, stamp);
  }
  return out;
}
