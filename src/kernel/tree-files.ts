/**
 * Reading a kernel tree's files by paths that come from strangers' mail (`--- a/…`, `rename
 * from`, `diff --git`): a path is read only when it names a regular file inside the tree. An
 * absolute path, a `..` that climbs out, a symlink that leads out, a device, a FIFO or a socket
 * reads as absent, never opened for reading (a FIFO would block, /dev/zero would never end);
 * so does a file larger than any kernel source (MAX_TREE_FILE_BYTES). Symlinks that stay
 * inside the tree are followed, as the kernel's own are.
 */
import { closeSync, fstatSync, openSync, readFileSync, readdirSync, realpathSync, statSync, constants } from 'node:fs';
import { join, sep } from 'node:path';
import { treeRelative } from '../util/tree-path.js';

/** Larger than any file of a kernel tree (the biggest are generated headers of a few MB). */
export const MAX_TREE_FILE_BYTES = 32 << 20;

export interface TreeFiles {
  read: (path: string) => string | null;
  isDirectory: (path: string) => boolean;
  /** Names of the entries of a tree-relative directory ([] when it is none or outside the tree), sorted; directories end in `/`. */
  list: (dir: string) => string[];
}

export function treeFiles(root: string): TreeFiles {
  let realRoot: string | undefined;
  const inside = (p: string): string | null => {
    const rel = treeRelative(p);
    if (rel === null) return null;
    let real: string;
    try {
      realRoot ??= realpathSync(root);
      real = realpathSync(join(root, rel));
    } catch {
      return null;
    }
    return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : `${realRoot}${sep}`) ? real : null;
  };
  return {
    read(p) {
      const real = inside(p);
      if (real === null) return null;
      let fd: number;
      try {
        // O_NONBLOCK: a FIFO swapped in after the check must not hang the open.
        fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
      } catch {
        return null;
      }
      try {
        const st = fstatSync(fd);
        if (!st.isFile() || st.size > MAX_TREE_FILE_BYTES) return null;
        return readFileSync(fd, 'utf8');
      } catch {
        return null;
      } finally {
        closeSync(fd);
      }
    },
    isDirectory(p) {
      const real = inside(p);
      if (real === null) return false;
      try {
        return statSync(real).isDirectory();
      } catch {
        return false;
      }
    },
    list(p) {
      try {
        const real = p === '' || p === '.' ? (realRoot ??= realpathSync(root)) : inside(p);
        if (real === null) return [];
        return readdirSync(real, { withFileTypes: true })
          .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
          .sort();
      } catch {
        return [];
      }
    },
  };
}
