// UI words of the chart; Korean by default.
import type { Gap, GapCause } from '../../../electron/shared/gap.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import type { Lang } from '../ui/i18n.ts';

export interface ChartLabels {
  stats: readonly [delta: string, maxDelta: string, minDelta: string, volume: string, trades: string];
  price: string;
  sell: string;
  buy: string;
  delta: string;
  trades: string;
  auction: string;
  volume: string;
  cvd: string;
  time: string;
  buyImbalance: string;
  sellImbalance: string;
  poc: string;
  /** A stacked-imbalance zone that still holds. */
  stackedBuy: string;
  stackedSell: string;
  /** The marker of a stretch of trades the collector missed. */
  gap(g: Gap): string;
}

const GAP_CAUSE: Record<Lang, Record<GapCause, string>> = {
  ko: { reconnect: '재연결', restart: '앱 재시작', feed: '연결 중', store: '디스크 기록 실패' },
  en: { reconnect: 'reconnect', restart: 'app restart', feed: 'live connection', store: 'disk write failure' },
};

const KO: ChartLabels = {
  stats: ['델타', '최대델타', '최소델타', '거래량', '체결수'],
  price: '가격',
  sell: '매도',
  buy: '매수',
  delta: '델타',
  trades: '체결수',
  auction: '단일가',
  volume: '거래량',
  cvd: '누적델타',
  time: '시간',
  buyImbalance: '매수 불균형',
  sellImbalance: '매도 불균형',
  poc: 'POC',
  stackedBuy: '매수 스택',
  stackedSell: '매도 스택',
  gap: (g) =>
    g.state === 'filled'
      ? `누락 구간 채움 · ${groupThousands(g.fetched ?? 0)}건 (${GAP_CAUSE.ko[g.cause]})`
      : g.state === 'partial'
        ? `일부 채움 · 남은 누락 약 ${groupThousands(g.missing_volume ?? 0)}주 (${GAP_CAUSE.ko[g.cause]})`
        : `수신 누락 추정 약 ${groupThousands(g.missed_volume)}주${g.missed_trades === null ? '' : ` · ${groupThousands(g.missed_trades)}건`} (${GAP_CAUSE.ko[g.cause]})${g.state === 'unfillable' ? ' · 채울 수 없음' : ''}`,
};

const EN: ChartLabels = {
  stats: ['Delta', 'Max Δ', 'Min Δ', 'Volume', 'Trades'],
  price: 'Price',
  sell: 'Sell',
  buy: 'Buy',
  delta: 'Delta',
  trades: 'Trades',
  auction: 'Auction',
  volume: 'Volume',
  cvd: 'CVD',
  time: 'Time',
  buyImbalance: 'Buy imbalance',
  sellImbalance: 'Sell imbalance',
  poc: 'POC',
  stackedBuy: 'Buy stack',
  stackedSell: 'Sell stack',
  gap: (g) =>
    g.state === 'filled'
      ? `Gap filled · ${groupThousands(g.fetched ?? 0)} trades (${GAP_CAUSE.en[g.cause]})`
      : g.state === 'partial'
        ? `Partly filled · ~${groupThousands(g.missing_volume ?? 0)} sh still missing (${GAP_CAUSE.en[g.cause]})`
        : `Missed (est.) ~${groupThousands(g.missed_volume)} sh${g.missed_trades === null ? '' : ` · ${groupThousands(g.missed_trades)} trades`} (${GAP_CAUSE.en[g.cause]})${g.state === 'unfillable' ? ' · cannot fill' : ''}`,
};

export function chartLabels(lang: Lang): ChartLabels {
  return lang === 'en' ? EN : KO;
}
