import type { LogLevel } from './config';
import type { Log } from './runtime/lifecycle';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLog(level: LogLevel = 'info'): Log {
  const enabled = (at: LogLevel) => ORDER[at] >= ORDER[level];
  const line = (at: LogLevel, message: string) => `${new Date().toISOString()} ${at.padEnd(5)} ${message}`;
  return {
    debug: (message) => enabled('debug') && console.debug(line('debug', message)),
    info: (message) => enabled('info') && console.log(line('info', message)),
    warn: (message) => enabled('warn') && console.warn(line('warn', message)),
    error: (message) => enabled('error') && console.error(line('error', message)),
  } as Log;
}
