/**
 * The pin in IndexedDB (the service worker's storage, which outlives the worker between
 * events): one record under one key. Only the worker reads or writes it.
 */
import { type Pin } from './release-check';

const DATABASE = 'ashar-release';
const STORE = 'pin';
const KEY = 'pin';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
}

async function run<T>(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = operation(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

function isPin(value: unknown): value is Pin {
  if (typeof value !== 'object' || value === null) return false;
  const pin = value as Record<string, unknown>;
  return typeof pin['rootPublicKey'] === 'string' && (pin['newestIssuedAt'] === null || typeof pin['newestIssuedAt'] === 'string') && typeof pin['announced'] === 'boolean';
}

/** The stored pin, or null when this browser has none yet. */
export async function loadPin(): Promise<Pin | null> {
  const value = await run<unknown>('readonly', (store) => store.get(KEY));
  return isPin(value) ? value : null;
}

/**
 * Reads the pin and writes `change(pin)` in one transaction, so that two workers (an old one
 * and its update) or two events never lose each other's writes (a refusal above all). `change`
 * gets null when there is no pin yet and returns null to leave it as it is. Resolves to the pin
 * as stored afterwards.
 */
export async function updatePin(change: (pin: Pin | null) => Pin | null): Promise<Pin | null> {
  const db = await open();
  try {
    return await new Promise<Pin | null>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      const store = transaction.objectStore(STORE);
      let result: Pin | null = null;
      const read = store.get(KEY);
      read.onsuccess = () => {
        const current = isPin(read.result) ? read.result : null;
        const next = change(current);
        result = next ?? current;
        if (next) store.put(next, KEY);
      };
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}
