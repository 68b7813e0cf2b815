// `npm start`: compiles the development stack (TypeScript) for Node and runs it; see tools/dev-stack/start-dev.ts.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compile = spawnSync('npx', ['tsc', '-p', 'tsconfig.node.json'], { cwd: root, stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
const stack = spawn(process.execPath, [join(root, '.dev/node/tools/dev-stack/start-dev.js')], {
  cwd: root,
  stdio: 'inherit',
});
stack.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stack.kill(signal));
