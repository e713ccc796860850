import fs from 'node:fs';
import path from 'node:path';

/**
 * Read access to the repository, relative paths only. The validator reads through this so that
 * its specs can plant an error in one file (an override) and leave the real tree alone.
 */
export interface RepoFiles {
  readonly root: string;
  read(file: string): string;
  exists(file: string): boolean;
  isDirectory(file: string): boolean;
  list(dir: string): string[];
}

export function repoFiles(root: string, overrides: Record<string, string> = {}): RepoFiles {
  const abs = (file: string) => path.join(root, file);
  const norm = (file: string) => path.posix.normalize(file.split(path.sep).join('/'));
  const overridden = new Map(Object.entries(overrides).map(([k, v]) => [norm(k), v]));
  return {
    root,
    read: (file) => overridden.get(norm(file)) ?? fs.readFileSync(abs(file), 'utf8'),
    exists: (file) => overridden.has(norm(file)) || fs.existsSync(abs(file)),
    isDirectory: (file) => fs.existsSync(abs(file)) && fs.statSync(abs(file)).isDirectory(),
    list: (dir) => (fs.existsSync(abs(dir)) ? fs.readdirSync(abs(dir)).sort() : []),
  };
}

export const repoRoot = path.resolve(__dirname, '..', '..');
