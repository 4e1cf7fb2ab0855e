import type { DashboardConfig, PanelConfig } from '../config/schema';
import type { Sample } from './sample';
import type { TopicInfo } from './topic';

/** A dashboard as the config declares it, defaults applied. The config schema is its source. */
export type Dashboard = DashboardConfig;
export type Panel = PanelConfig;

/** `GET /api/dashboards`: what the wall display needs to lay itself out. */
export interface DashboardsResponse {
  build: string;
  /** The wall clock's IANA zone, or null for the browser's. */
  timeZone: string | null;
  dashboards: Dashboard[];
}

/** `GET /api/topics`. */
export interface TopicsResponse {
  epoch: string;
  topics: TopicInfo[];
}

/** `GET /api/topics/:topic/history`. */
export interface HistoryResponse {
  topic: string;
  epoch: string;
  recovered: boolean;
  samples: Sample[];
}

/** The body of every HTTP error. */
export interface ErrorResponse {
  error: { code: string; message: string };
}
