/** Run the built kvetch CLI in a child process (as a user would) and collect what it printed. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export function runKvetch(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? null : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

/** What two runs on the same mail must agree on: the series and the findings (not where they were read from). */
export function comparable(json: string): { series: unknown; findings: unknown } {
  const r = JSON.parse(json) as { series: unknown; findings: { fingerprint: string; message: string; ruleId: string }[] };
  return { series: r.series, findings: r.findings.map((f) => `${f.ruleId} ${f.fingerprint} ${f.message}`).sort() };
}
