// UI text. Korean is the default; English is a toggle. Keys are the only strings code refers to.
// The app's own table is here; a panel keeps its table beside it (`defineTexts`), so a panel's
// folder holds everything it shows and the chart runs without it.

export type Lang = 'ko' | 'en';

const KO = {
  code: '종목',
  date: '날짜',
  liveDay: '(실시간)',
  replayDay: '(리플레이)',
  prevDay: '이전 기록일',
  nextDay: '다음 기록일',
  bar: '봉',
  barTime: '시간',
  barTick: '틱',
  barVolume: '거래량',
  barRange: '레인지',
  size: '크기',
  row: '가격칸',
  imbalance: '불균형 비율',
  cellMode: '셀 표시',
  cellBidAsk: '매도 × 매수',
  cellDelta: '델타',
  cellVolume: '거래량',
  cellTrades: '체결수',
  cellProfile: '거래량 프로파일',
  venue: '시장',
  venueAll: '통합',
  palette: '색상',
  paletteKorean: '한국식',
  paletteWestern: '서양식',
  paletteHint: '한국식: 매수·상승 빨강, 매도·하락 파랑 / 서양식: 매수 초록, 매도 빨강',
  profile: '우측 프로파일',
  profileVisible: '보이는 구간',
  profileSession: '당일 전체',
  profileOff: '끄기',
  largeTrade: '대량 체결 ≥',
  lang: 'English',
  changeVsOpen: '시가 대비',
  changeVsPrev: '전일 대비',
  dayVolume: '거래량',
  cvd: '누적델타',
  trades: '체결수',
  feedLs: 'LS 실시간',
  feedSimulated: '모의투자 서버',
  feedDemo: '데모 (가상 체결)',
  feedReplay: '리플레이',
  feedReconnecting: '재연결 중',
  feedConnecting: '연결 중',
  feedStopped: '수집 중지',
  serverDown: '서버 연결 끊김',
  staleServer: '서버 연결 끊김 — 차트가 갱신되지 않습니다',
  staleFeed: '시세 연결 끊김 — 차트가 갱신되지 않습니다',
  staleSince: '마지막 갱신 {time}',
  disabledWhileDown: '서버에 다시 연결되면 바꿀 수 있습니다',
  jumpLive: '실시간으로 ▶|',
  jumpLiveHint: '최신 봉으로 이동 (End)',
  helpTitle: '단축키',
  helpPresets: '봉 프리셋 (1–9)',
  keyEnd: '실시간(최신 봉)으로',
  keyHome: '장 시작으로',
  keyZoom: '확대 / 축소',
  keyPan: '과거 / 최신 쪽으로 이동',
  keyPreset: '봉 프리셋 선택',
  keySavePreset: '지금 봉 설정을 프리셋에 저장',
  keyHelp: '이 도움말 열기 / 닫기',
  loading: '불러오는 중…',
  noTrades: '이 날짜의 체결 기록이 없습니다',
  emptyWatchlist: '관심종목이 비어 있습니다. 관심종목 탭에서 종목을 추가하세요.',
  loadFailed: '차트를 불러오지 못했습니다',
  tapeTitle: '체결',
  tapeTime: '시각',
  tapePrice: '가격',
  tapeSide: '구분',
  tapeVolume: '수량',
  tapeVenue: '시장',
  buy: '매수',
  sell: '매도',
  tabChart: '차트',
  unknownName: '(종목명 없음)',
  demoBanner: '데모 모드: 실제 시세가 아닌 가상 체결입니다. LS API 키를 설정하면 실시간 체결을 수집합니다.',
  portFallback: '포트 {wanted}을(를) 다른 프로그램이 사용 중이라 {using} 포트에서 실행 중입니다. 외부 브라우저와 스크립트는 http://127.0.0.1:{using} 을 사용하세요 (설정에서 포트 변경).',
};

export type TextKey = keyof typeof KO;

const EN: Record<TextKey, string> = {
  code: 'Code',
  date: 'Date',
  liveDay: '(live)',
  replayDay: '(replay)',
  prevDay: 'Previous recorded day',
  nextDay: 'Next recorded day',
  bar: 'Bars',
  barTime: 'Time',
  barTick: 'Tick',
  barVolume: 'Volume',
  barRange: 'Range',
  size: 'Size',
  row: 'Row',
  imbalance: 'Imbalance ratio',
  cellMode: 'Cells',
  cellBidAsk: 'Sell × Buy',
  cellDelta: 'Delta',
  cellVolume: 'Volume',
  cellTrades: 'Trades',
  cellProfile: 'Volume profile',
  venue: 'Venue',
  venueAll: 'Merged',
  palette: 'Colours',
  paletteKorean: 'Korean',
  paletteWestern: 'Western',
  paletteHint: 'Korean: buy/up red, sell/down blue / Western: buy green, sell red',
  profile: 'Side profile',
  profileVisible: 'Visible bars',
  profileSession: 'Whole day',
  profileOff: 'Off',
  largeTrade: 'Large ≥',
  lang: '한국어',
  changeVsOpen: 'vs open',
  changeVsPrev: 'vs prev. close',
  dayVolume: 'Volume',
  cvd: 'CVD',
  trades: 'Trades',
  feedLs: 'LS live',
  feedSimulated: 'LS simulated server',
  feedDemo: 'DEMO (simulated trades)',
  feedReplay: 'Replay',
  feedReconnecting: 'Reconnecting',
  feedConnecting: 'Connecting',
  feedStopped: 'Feed stopped',
  serverDown: 'Server connection lost',
  staleServer: 'Server connection lost — the chart is not updating',
  staleFeed: 'Market feed lost — the chart is not updating',
  staleSince: 'Last update {time}',
  disabledWhileDown: 'Can be changed once the server is back',
  jumpLive: 'Jump to live ▶|',
  jumpLiveHint: 'Back to the newest bar (End)',
  helpTitle: 'Keyboard shortcuts',
  helpPresets: 'Bar presets (1–9)',
  keyEnd: 'Live edge (newest bar)',
  keyHome: 'Session start',
  keyZoom: 'Zoom in / out',
  keyPan: 'Pan into history / towards now',
  keyPreset: 'Pick a bar preset',
  keySavePreset: 'Store the bars shown in that preset',
  keyHelp: 'Open / close this help',
  loading: 'Loading…',
  noTrades: 'No trades recorded for this date',
  emptyWatchlist: 'The watchlist is empty. Add codes in the Watchlist tab.',
  loadFailed: 'Could not load the chart',
  tapeTitle: 'Time & sales',
  tapeTime: 'Time',
  tapePrice: 'Price',
  tapeSide: 'Side',
  tapeVolume: 'Size',
  tapeVenue: 'Venue',
  buy: 'Buy',
  sell: 'Sell',
  tabChart: 'Chart',
  unknownName: '(name unavailable)',
  demoBanner: 'Demo mode: simulated trades, not market data. Set LS API keys to record live trades.',
  portFallback: 'Port {wanted} is used by another program, so Footprint runs on port {using}. Browsers and scripts must use http://127.0.0.1:{using} (change the port in Settings).',
};

/** Vars of a parameterised text: each `{name}` in it is replaced by `vars.name`. */
export type TextVars = Readonly<Record<string, string | number>>;

/** A text to show in whichever language is current, kept so a shown message can be re-worded on a switch. */
export type Wording = (lang: Lang) => string;

export interface Texts<K extends string> {
  text(lang: Lang, key: K): string;
  /** A text whose `{name}` placeholders are filled from `vars`. */
  textWith(lang: Lang, key: K, vars: TextVars): string;
  /** The text (filled from `vars` if given) in the language asked for when it is shown. */
  wording(key: K, vars?: TextVars): Wording;
}

/** Lookups into one table pair; the Korean table's keys are the type every English table must match. */
export function defineTexts<K extends string>(tables: Readonly<Record<Lang, Readonly<Record<K, string>>>>): Texts<K> {
  const text = (lang: Lang, key: K): string => tables[lang][key];
  const textWith = (lang: Lang, key: K, vars: TextVars): string =>
    text(lang, key).replace(/\{(\w+)\}/g, (m, name: string) => (vars[name] === undefined ? m : String(vars[name])));
  return { text, textWith, wording: (key, vars) => (lang) => (vars ? textWith(lang, key, vars) : text(lang, key)) };
}

export const { text, textWith } = defineTexts<TextKey>({ ko: KO, en: EN });
