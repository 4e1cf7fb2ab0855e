import type { Dashboard } from './dashboard.js';
import type { ConfigState } from './events.js';
import type { HistoryRange } from './history.js';
import type { Sample } from './sample.js';
import type { TopicInfo } from './topic.js';

/** `GET /api/dashboards`: what the wall display needs to lay itself out. */
export interface DashboardsResponse {
  build: string;
  /** The wall clock's IANA zone, or null for the browser's. */
  timeZone: string | null;
  config: ConfigState;
  dashboards: Dashboard[];
}

/** `GET /api/topics`. */
export interface TopicsResponse {
  epoch: string;
  topics: TopicInfo[];
}

/** `GET /api/topics/:topic/history[?since=SEQ | ?before=SEQ][&limit=N]`: one page, oldest first. */
export interface HistoryResponse {
  topic: string;
  epoch: string;
  recovered: boolean;
  samples: Sample[];
  /** Another page lies beyond this one: after it with `since`, before it otherwise. */
  more: boolean;
}

/**
 * `GET /api/topics/:topic/history?from=MS&to=MS[&step=MS]`: a time range, from the finest tier
 * (raw samples, 1-minute or 1-hour roll-ups) that covers it in at most 2,000 points.
 */
export type HistoryRangeResponse = { topic: string; epoch: string; from: number; to: number } & HistoryRange;

/** The body of every HTTP error. */
export interface ErrorResponse {
  error: { code: string; message: string };
}
