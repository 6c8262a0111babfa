// Same-process floor for GET /api/history: how long reading a day file takes without HTTP,
// beside the cost of parsing every line (what the server avoids).
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { streamHistory } from '../electron/store/history.ts';

export async function historyFloor(path: string): Promise<{ readMs: number; streamMs: number; parseMs: number }> {
  let t = performance.now();
  await fs.readFile(path);
  const readMs = performance.now() - t;

  t = performance.now();
  await streamHistory(path, null, async () => {});
  const streamMs = performance.now() - t;

  t = performance.now();
  const text = await fs.readFile(path, 'utf8');
  const records: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // A torn last line is skipped, as every reader does.
    }
  }
  const parseMs = performance.now() - t;
  return { readMs, streamMs, parseMs };
}
