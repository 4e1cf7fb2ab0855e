import { canReadProc, createKernelFiles } from './linux/kernel-files';
import { createLinuxSystemInfo } from './linux/linux-system-info';
import type { SystemInfo } from './system-info';
import { createSysteminformationSystemInfo } from './systeminformation-system-info';

export type SystemInfoSource = 'linux' | 'systeminformation';

/** Where this machine's stats come from: /proc and /sys on Linux when they can be read, `systeminformation` elsewhere. */
export function chooseSystemInfoSource(platform: NodeJS.Platform, procReadable: () => boolean): SystemInfoSource {
  return platform === 'linux' && procReadable() ? 'linux' : 'systeminformation';
}

/**
 * The real machine. On Linux it reads the kernel's files directly, without spawning a process
 * per poll (`systeminformation` shells out to `cat`, `df` and `sensors` there); on other
 * platforms, and where /proc cannot be read, it goes through `systeminformation`.
 */
export function createSystemInfo(): SystemInfo {
  return chooseSystemInfoSource(process.platform, canReadProc) === 'linux'
    ? createLinuxSystemInfo(createKernelFiles())
    : createSysteminformationSystemInfo();
}
