/**
 * Where a page's main thread spends its time: a CDP `Profiler` profile (V8's sampling
 * profiler) summed by self time, with minified positions mapped back through the bundle's
 * source map to the original file and function. Time inside a canvas call (`stroke`,
 * `fillText`) is the self time of the JavaScript that made it.
 */
import type { SourceMap, SourceOrigin } from 'node:module';

/** The part of a CDP `Profiler.Profile` read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  /** Profiled wall time, ms. */
  totalMs: number;
  /** Self time by where the code comes from: a package, a folder of web/src, or V8's own buckets. */
  byArea: ProfileEntry[];
  /** Self time by function, the largest first. */
  byFunction: ProfileEntry[];
}

/** The area a source file belongs to: `chart.js`, `socket.io-client`, `web/src/charts`, … */
function areaOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1] as string;
  const own = /((?:web\/src|bench|src)\/[^/]+)/.exec(source);
  return own ? (own[1] as string) : source;
}

/**
 * Sums a profile's self time by area and by function.
 * @param maps source maps by script URL, for the bundles to map back
 */
export function summarizeProfile(profile: CpuProfile, maps: ReadonlyMap<string, SourceMap>): ProfileSummary {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    // A sample's time is the gap to the next one.
    const id = samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const totalUs = profile.endTime - profile.startTime;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let area: string;
    let name: string;
    // An empty object when the position maps to nothing.
    const origin = (url ? maps.get(url)?.findOrigin(lineNumber + 1, columnNumber + 1) : undefined) as Partial<SourceOrigin> | undefined;
    if (origin?.fileName) {
      area = areaOf(origin.fileName);
      const file = origin.fileName.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '');
      name = `${origin.name ?? (functionName || '(anonymous)')} ${file}:${origin.lineNumber ?? 0}`;
    } else if (url) {
      area = new URL(url).pathname;
      name = `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`;
    } else {
      // V8's own buckets: (program), (idle), (garbage collector), and native functions.
      area = functionName.startsWith('(') ? functionName : '(native)';
      name = functionName || '(native)';
    }
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const entries = (map: Map<string, number>): ProfileEntry[] =>
    [...map]
      .map(([key, us]) => ({ name: key, ms: Math.round(us / 100) / 10, pct: Math.round((us / totalUs) * 1000) / 10 }))
      .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round(totalUs / 1000), byArea: entries(byArea), byFunction: entries(byFunction) };
}
