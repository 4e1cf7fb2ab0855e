import type { HistoryRange, Sample, TopicMeta, TopicStatus } from '../../../src/protocol';
import type { Drawable } from '../charts/frame-scheduler';
import { takeSamples, takeStatus, type Latest } from '../state/latest';

/** What the wall hands one topic's events to: a single-topic panel, or one row or tile of a panel of many. */
export interface TopicTarget {
  history(samples: Sample[], mode: 'append' | 'replace', older?: HistoryRange): void;
  samples(samples: Sample[]): void;
  setStatus(status: TopicStatus): void;
  /** Why it cannot show the topic (unknown to the server, its subscribe refused); undefined clears it. */
  setProblem(problem: string | undefined): void;
}

/**
 * A panel of many topics (`table`, `status`): a topic is added once, when the wall learns of it
 * (its layout, or a topic that joined a glob live), and fed through the target it returns.
 * Events only change state; the DOM is written in `draw`, at most once per frame.
 */
export interface TopicSetView extends Drawable {
  readonly element: HTMLElement;
  add(meta: TopicMeta, status: TopicStatus): TopicTarget;
  /** Shows a named topic the server does not have, with why. */
  addMissing(topic: string, problem: string): void;
  /** Why the panel as a whole cannot show all it should (its globs' subscribe was refused); undefined clears it. */
  setProblem(problem: string | undefined): void;
  tick(now: number): void;
  destroy(): void;
}

/** The target that feeds one row or tile's `latest`; `setProblem` keeps why it shows nothing. */
export function latestTarget(latest: Latest, now: () => number, setProblem: (problem: string | undefined) => void): TopicTarget {
  return {
    history: (samples) => takeSamples(latest, samples, false, now()),
    samples: (samples) => takeSamples(latest, samples, true, now()),
    setStatus: (next) => takeStatus(latest, next, now()),
    setProblem,
  };
}
