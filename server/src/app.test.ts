import { describe, expect, it } from 'vitest';
import { consoleCacheControl, isConsoleFile } from './app';

describe('serving the console', () => {
  it.each([
    ['/srv/dist/assets/index-Bmcfjys7.js', 'public, max-age=31536000, immutable'],
    ['/srv/dist/assets/mui-B9DQd3Jg.css', 'public, max-age=31536000, immutable'],
    ['/srv/dist/index.html', 'no-cache'],
    ['/srv/dist/favicon.svg', 'no-cache'],
    ['/srv/dist/assets/nested/x.js', 'no-cache'],
  ])('%s is cached as %s', (path, expected) => {
    expect(consoleCacheControl(path)).toBe(expected);
  });

  it.each([
    ['/', true],
    ['/assets/index-Bmcfjys7.js', true],
    ['/graphql', false],
    ['/exports/projects.xlsx', false],
    ['/attachments/abc', false],
    ['/org/import/upload', false],
    ['/graphqlish', true],
  ])('%s is a console file: %s', (path, expected) => {
    expect(isConsoleFile(path)).toBe(expected);
  });
});
