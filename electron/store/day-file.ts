// The one place a data file path is built: both parts are validated first, so no request
// parameter or feed value can ever point the store outside its directory.
import path from 'node:path';
import { isValidYmd } from '../shared/kst.ts';
import { isValidCode } from '../shared/trade.ts';

/** `dir/raw_data_{code}_{YYYYMMDD}.txt`; throws on an invalid code or date. */
export function dayFilePath(dir: string, code: string, date: string): string {
  if (!isValidCode(code)) throw new Error(`invalid stock code ${JSON.stringify(code)}`);
  if (!isValidYmd(date)) throw new Error(`invalid date ${JSON.stringify(date)} (YYYYMMDD expected)`);
  return path.join(dir, `raw_data_${code}_${date}.txt`);
}
