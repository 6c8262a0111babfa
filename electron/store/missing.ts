// A file or folder that is not there reads as nothing throughout the store (a day with no trades, no
// gaps, no fill): these run one fs call and answer null for a missing path (ENOENT), rethrowing any
// other error.
export function ifExists<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function ifExistsAsync<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
