import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Where a stored file lives: `<fileStoreDir>/<storageKey>`; keys are generated, never user input. */
const KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

/** The absolute path of a storage key, refusing anything that is not a key we generated. */
export function storagePath(fileStoreDir: string, storageKey: string): string {
  if (!KEY_PATTERN.test(storageKey)) throw new Error(`Invalid storage key: ${storageKey}`);
  return path.join(path.resolve(fileStoreDir), storageKey);
}

export type StoredFile = { storageKey: string; sha256: string; sizeBytes: number };

/** A file being written into the store: nothing is visible under its key until `commit`. */
export type StoredFileWriter = {
  write: (chunk: Uint8Array) => Promise<void>;
  /** fsync, then rename into place: a crash never leaves a half-written file under a key. */
  commit: () => Promise<StoredFile>;
  /** Drops the partial file (a refused or broken upload). */
  abort: () => Promise<void>;
};

/** Opens a new stored file for writing in chunks, hashing as it goes (uploads stream through this). */
export async function openStoredFile(fileStoreDir: string): Promise<StoredFileWriter> {
  const storageKey = newStorageKey();
  const finalPath = storagePath(fileStoreDir, storageKey);
  await mkdir(path.dirname(finalPath), { recursive: true });
  const tmpPath = `${finalPath}.part`;
  const handle = await open(tmpPath, 'wx', 0o640);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    async write(chunk) {
      hash.update(chunk);
      sizeBytes += chunk.byteLength;
      await handle.writeFile(chunk);
    },
    async commit() {
      try {
        await handle.sync();
      } catch (err) {
        await close();
        await rm(tmpPath, { force: true });
        throw err;
      }
      await close();
      await rename(tmpPath, finalPath);
      return { storageKey, sha256: hash.digest('hex'), sizeBytes };
    },
    async abort() {
      await close().catch(() => {});
      await rm(tmpPath, { force: true });
    },
  };
}

/** Writes bytes to the file store atomically (temp file, fsync, rename). */
export async function storeBytes(fileStoreDir: string, bytes: Uint8Array): Promise<StoredFile> {
  const writer = await openStoredFile(fileStoreDir);
  try {
    await writer.write(bytes);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return writer.commit();
}

export async function removeStored(fileStoreDir: string, storageKey: string): Promise<void> {
  await rm(storagePath(fileStoreDir, storageKey), { force: true });
}
