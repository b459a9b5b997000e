// Run by `npm run prestart`: builds the admin console when admin-ui/dist is missing or older than its sources.
// A failed build is reported but does not stop `npm start`: the API and the worker are still useful without it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const built = join(root, 'admin-ui', 'dist', 'index.html');
// The console bundles forms and the workflow definition helpers too, so their changes count.
const sources = [
  'admin-ui/src',
  'admin-ui/public',
  'admin-ui/index.html',
  'admin-ui/package.json',
  ...(existsSync(join(root, 'admin-ui')) ? readdirSync(join(root, 'admin-ui')) : []).filter((name) => /^vite\.config\.[cm]?[jt]s$/.test(name)).map((name) => `admin-ui/${name}`),
  'forms/src',
  'workflows/src/definition',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function staleReason() {
  if (!existsSync(built)) return 'admin-ui/dist/index.html is missing';
  const builtAt = statSync(built).mtimeMs;
  const changed = sources.find((source) => newestMtime(join(root, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

if (process.env.PHASEFLOW_SKIP_CONSOLE === '1') process.exit(0);
const reason = staleReason();
if (!reason) process.exit(0);

console.log(`phaseflow: building the admin console (${reason})`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', 'build', '-w', '@phaseflow/admin-ui'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  const outcome = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
  const fallback = existsSync(built) ? 'the previous build will be served' : 'the console will not be served';
  console.warn(`phaseflow: the admin console build failed (${outcome}); ${fallback}. Fix it and run \`npm run build -w @phaseflow/admin-ui\`.`);
}
