// The life of each long-lived part (the core's Recorder, CollectorHost and SettingsService, the LS
// feed), as named states in the style of ws's WebSocketServer: a part is created STARTING, RUNNING
// once usable, CLOSING while it stops, CLOSED after; work offered outside RUNNING is refused or
// ignored, never half done.
export const STARTING = 0;
export const RUNNING = 1;
export const CLOSING = 2;
export const CLOSED = 3;

export type LifecycleState = typeof STARTING | typeof RUNNING | typeof CLOSING | typeof CLOSED;
