/**
 * CPU time of a process tree, read from /proc: every process Chromium starts (the browser,
 * its zygotes, renderers, the GPU process, utility processes) is a descendant of the browser
 * process, so summing the tree is "what this browser costs", whichever process does the work.
 * Threads are read too, by name, to tell where the time goes (`CrRendererMain`, `Compositor`,
 * `VizCompositorTh`, raster workers, …). Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime and stime (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SEC = 100;

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** Parses /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat; undefined when it is gone. */
function readStat(file: string): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // The name is in parentheses and may itself hold spaces and parentheses.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).split(' ');
  // After the name: state(3) ppid(4) … utime(14) stime(15), counted from 1.
  return {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 1, close),
    ppid: Number(rest[1]),
    ticks: Number(rest[11]) + Number(rest[12]),
  };
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The pid of the child of `parent` named `comm`, e.g. the Chromium that playwright started. */
export function childNamed(parent: number, comm: string): number | undefined {
  return allPids()
    .map((pid) => readStat(`/proc/${pid}/stat`))
    .find((stat) => stat?.ppid === parent && stat.comm === comm)?.pid;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const stat = readStat(`/proc/${pid}/stat`);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(pid);
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** What kind of Chromium process this is, from its `--type=` flag. */
function processKind(pid: number): string {
  let args: string[];
  try {
    // A process forked from a zygote rewrites its title: one string, arguments joined by spaces.
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  } catch {
    return 'gone';
  }
  const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return 'browser';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') {
    const sub = args.find((arg) => arg.startsWith('--utility-sub-type='))?.slice('--utility-sub-type='.length) ?? '';
    return sub.includes('NetworkService') ? 'network' : 'utility';
  }
  return type;
}

/** CPU ticks of every process and thread of a tree at one moment. */
export interface TreeSnapshot {
  at: number;
  /** pid → ticks (the process's own, including threads that have ended). */
  processes: Map<number, { kind: string; ticks: number }>;
  /** "pid/tid" → thread ticks and names. */
  threads: Map<string, { kind: string; thread: string; ticks: number }>;
}

export function snapshotTree(root: number): TreeSnapshot {
  const processes: TreeSnapshot['processes'] = new Map();
  const threads: TreeSnapshot['threads'] = new Map();
  for (const pid of processTree(root)) {
    const stat = readStat(`/proc/${pid}/stat`);
    if (!stat) continue;
    const kind = processKind(pid);
    processes.set(pid, { kind, ticks: stat.ticks });
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const thread = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (thread) threads.set(`${pid}/${tid}`, { kind, thread: thread.comm, ticks: thread.ticks });
    }
  }
  return { at: performance.now(), processes, threads };
}

/** CPU between two snapshots, as % of one core: in all, by process kind, and by thread name. */
export interface TreeCpu {
  totalPct: number;
  byKind: Map<string, number>;
  /** "kind:thread name" → % of one core, threads of the same name summed. */
  byThread: Map<string, number>;
}

export function treeCpu(from: TreeSnapshot, to: TreeSnapshot): TreeCpu {
  const seconds = (to.at - from.at) / 1000;
  const pct = (ticks: number): number => (ticks / TICKS_PER_SEC / seconds) * 100;
  const byKind = new Map<string, number>();
  let total = 0;
  // A process that started in the window counts from zero; one that ended in it is not seen.
  for (const [pid, { kind, ticks }] of to.processes) {
    const used = ticks - (from.processes.get(pid)?.ticks ?? 0);
    total += used;
    byKind.set(kind, (byKind.get(kind) ?? 0) + pct(used));
  }
  const byThread = new Map<string, number>();
  for (const [id, { kind, thread, ticks }] of to.threads) {
    const used = ticks - (from.threads.get(id)?.ticks ?? 0);
    if (used <= 0) continue;
    const key = `${kind}:${thread}`;
    byThread.set(key, (byThread.get(key) ?? 0) + pct(used));
  }
  return { totalPct: pct(total), byKind, byThread };
}
