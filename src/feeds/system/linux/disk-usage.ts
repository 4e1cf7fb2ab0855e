import type { FileSystemSize } from '../system-info';
import type { FsBlocks } from './kernel-files';

const KIB = 1024;

/**
 * The mount points listed in /proc/self/mounts, with the kernel's octal escapes
 * (`\040` for a space) decoded.
 * @example parseMountPoints('/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0\n') // ['/mnt/my disk']
 */
export function parseMountPoints(text: string): string[] {
  const points: string[] = [];
  for (const line of text.split('\n')) {
    const point = line.split(' ')[1];
    if (point) points.push(point.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return points;
}

/**
 * A file system's use as `df -kP` prints it and `systeminformation` reads it (lib/filesystem.js):
 * sizes in whole KiB rounded up, used is total minus free (root's reserve counts as free), and
 * the percentage is of what a user could have, used / (used + available), so a disk is 100 %
 * full when a user can write nothing more.
 */
export function dfUsage(mount: string, fs: FsBlocks): FileSystemSize {
  const bytes = (blocks: number): number => Math.ceil((blocks * fs.bsize) / KIB) * KIB;
  const size = bytes(fs.blocks);
  const used = bytes(fs.blocks - fs.bfree);
  const available = bytes(fs.bavail);
  return { mount, size, used, use: used + available > 0 ? Math.round(((100 * used) / (used + available)) * 100) / 100 : null };
}
