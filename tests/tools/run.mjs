// Runs a command, streaming its output; resolves with its exit code.
import { spawn } from 'node:child_process';

export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', shell: false, ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function step(title, cmd, args, opts) {
  const t0 = Date.now();
  console.log(`\n▶ ${title}`);
  const code = await run(cmd, args, opts);
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (code !== 0) {
    console.error(`✖ ${title} failed (exit ${code}, ${s} s)`);
    process.exit(code);
  }
  console.log(`✔ ${title} (${s} s)`);
}
