// Where tests find things. The repository's sibling `shared/` folder holds the real recorded trades
// (in CI too: the clone gets a copy of shared/ beside it), so paths are relative to this file.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root (this file compiles to dist/tests/support/paths.js). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Folder of real recorded raw_data files (old-collector format, KRX + NXT). */
export const REAL_DATA_DIR = path.resolve(REPO_ROOT, '../shared/data/real');

export const REAL_005930 = path.join(REAL_DATA_DIR, 'raw_data_005930_20251125.txt');
export const REAL_035720 = path.join(REAL_DATA_DIR, 'raw_data_035720_20251126.txt');
