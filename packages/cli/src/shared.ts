import * as path from 'node:path';
import { openWorkspace, todayFor, type OpenedWorkspace } from '@rapport/node';
import type { CalendarDate } from '@rapport/core';

export interface Loaded extends OpenedWorkspace {
  today: CalendarDate;
  /** Where paths are shown from: the folder the user named. */
  base: string;
}

/** Opens the workspace for a folder argument and decides today. */
export async function load(dir: string | undefined, today: string | undefined): Promise<Loaded> {
  const base = path.resolve(dir ?? '.');
  const opened = await openWorkspace(base);
  return { ...opened, base, today: todayFor(opened.workspace, today) };
}

/** A workspace path as the user should see it: relative to the folder they named, `/` separators. */
export function displayPath(l: Loaded, rel: string): string {
  const abs = path.join(l.root, ...rel.split('/'));
  const r = path.relative(l.base, abs);
  return r.split(path.sep).join('/');
}

export function color(enabled: boolean) {
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap('31'), yellow: wrap('33'), cyan: wrap('36'), dim: wrap('2'), bold: wrap('1'), green: wrap('32') };
}

export function useColor(isTTY: boolean): boolean {
  return isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}
