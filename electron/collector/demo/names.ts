// Well-known names and round start prices for the demo market (late 2025 levels, approximate).
// Prices are only a starting point for the simulation, never market data.

export const DEMO_STOCKS: Readonly<Record<string, { name: string; price: number }>> = {
  '005930': { name: '삼성전자', price: 99_300 },
  '000660': { name: 'SK하이닉스', price: 550_000 },
  '035720': { name: '카카오', price: 60_000 },
  '015760': { name: '한국전력', price: 41_000 },
  '035420': { name: 'NAVER', price: 250_000 },
  '005380': { name: '현대차', price: 255_000 },
  '000270': { name: '기아', price: 112_000 },
  '373220': { name: 'LG에너지솔루션', price: 410_000 },
  '207940': { name: '삼성바이오로직스', price: 1_120_000 },
  '068270': { name: '셀트리온', price: 182_000 },
  '105560': { name: 'KB금융', price: 118_000 },
  '005490': { name: 'POSCO홀딩스', price: 300_000 },
  '051910': { name: 'LG화학', price: 320_000 },
  '012330': { name: '현대모비스', price: 300_000 },
  '028260': { name: '삼성물산', price: 230_000 },
  '247540': { name: '에코프로비엠', price: 150_000 },
  '086520': { name: '에코프로', price: 80_000 },
};
