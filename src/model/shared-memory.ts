/**
 * The API model of shared memory (Sync): what makes memory shared, which
 * typed arrays Atomics accepts, which Atomics operations publish or lock,
 * which methods write a whole array. Data, not code: the shared-memory
 * analysis (engine/analyses/shared-memory) interprets it.
 */
import type { QualifiedName } from './names';

/** Constructors of shared memory. */
export const sharedMemoryConstructors: readonly QualifiedName[] = ['global:SharedArrayBuffer'];

/** Integer typed arrays: the ones `Atomics` accepts. */
export const atomicTypedArrays: ReadonlySet<string> = new Set([
  'Int8Array',
  'Uint8Array',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
]);

export const floatTypedArrays: ReadonlySet<string> = new Set(['Float16Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray']);

/** Atomics operations that write (a release in the memory model: they publish what was written before). */
export const atomicsWrites: ReadonlySet<string> = new Set(['store', 'add', 'sub', 'and', 'or', 'xor', 'exchange', 'compareExchange', 'notify']);

/** Atomics operations of a locking protocol: a function that uses them guards its own accesses. */
export const atomicsProtocol: ReadonlySet<string> = new Set(['compareExchange', 'exchange', 'wait', 'waitAsync']);

/** Typed array methods that write the whole array (or a range of it). */
export const bulkWriteMethods: ReadonlySet<string> = new Set(['set', 'fill', 'copyWithin', 'sort', 'reverse']);

export const sharedMemoryTriggerWords = ['SharedArrayBuffer', 'Atomics', 'workerData', 'shared'];
