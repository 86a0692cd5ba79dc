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

/**
 * Writes bytes to the file store atomically (temp file, fsync, rename): a crash never leaves a
 * half-written file under a key an attachment row points to.
 */
export async function storeBytes(fileStoreDir: string, bytes: Uint8Array): Promise<StoredFile> {
  const storageKey = newStorageKey();
  const finalPath = storagePath(fileStoreDir, storageKey);
  await mkdir(path.dirname(finalPath), { recursive: true });
  const tmpPath = `${finalPath}.part`;
  const handle = await open(tmpPath, 'wx', 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmpPath, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmpPath, finalPath);
  return {
    storageKey,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.byteLength,
  };
}

export async function removeStored(fileStoreDir: string, storageKey: string): Promise<void> {
  await rm(storagePath(fileStoreDir, storageKey), { force: true });
}
