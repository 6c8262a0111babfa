// UI words of the chart; Korean by default.
import type { Lang } from './settings.ts';

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
}

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
};

export function chartLabels(lang: Lang): ChartLabels {
  return lang === 'en' ? EN : KO;
}
