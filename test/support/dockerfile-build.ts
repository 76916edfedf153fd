/**
 * Runs a Dockerfile's stages on this machine, without Docker (test/integration/docker-recipe.test.ts).
 * Each stage gets a temp directory as its file system root: absolute paths in the stage (WORKDIR,
 * COPY destinations and `--from=` sources) are mapped under it. The base images are not
 * available: a stage starts empty, and RUN executes this machine's bash, node and npm
 * (`bash -c`, cwd the mapped WORKDIR, this process's environment plus the stage's ENV and ARGs).
 * COPY takes files from the build context (honouring .dockerignore) or another stage's root
 * (its paths relative to that root, as Docker's are).
 * Stages start together and a `COPY --from=` waits for the stage it names, as BuildKit does.
 * USER, EXPOSE, HEALTHCHECK, ENTRYPOINT and CMD are recorded for the caller to check and run.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, posix, relative } from 'node:path';
import { argDefault, envPairs, findStage, isIgnored, substitute, words, type Dockerfile, type IgnoreRule, type Instruction, type Stage } from './dockerfile.js';

export interface BuiltStage {
  stage: Stage;
  /** The temp directory standing for the stage's `/`. */
  root: string;
  /** Container path. */
  workdir: string;
  env: Record<string, string>;
  args: Record<string, string>;
  /** The last USER (undefined: the base image's, root for node images). */
  user?: string;
  expose: string[];
  healthcheck?: { flags: Record<string, string>; cmd: string[] };
  entrypoint: string[];
  cmd: string[];
  /** Each instruction's duration, for the test's diagnostics; waitMs: how long a COPY --from= waited for its stage (not in ms). */
  steps: { line: number; text: string; ms: number; waitMs: number }[];
}

export interface BuildOptions {
  dockerfile: Dockerfile;
  /** The build context (the repository checkout). */
  context: string;
  ignore: readonly IgnoreRule[];
  /** Where the stages' roots are made (one subdirectory each). */
  tmp: string;
  log?: (line: string) => void;
}

/** A container path of a stage as a path on this machine. */
export function hostPath(s: { root: string; workdir: string }, containerPath: string): string {
  return join(s.root, posix.resolve(s.workdir, containerPath));
}

/** The command line `docker run IMAGE [args]` runs: ENTRYPOINT + (args or CMD). */
export function runCommand(s: BuiltStage, args?: readonly string[]): string[] {
  return [...s.entrypoint, ...(args ?? s.cmd)];
}

/** The exec form, or a shell form as Docker turns it into one. */
function execForm(ins: Instruction, text: string): string[] {
  return ins.json ?? ['/bin/sh', '-c', text];
}

/** This process's environment for RUN, without what node --test and npm run add for themselves. */
function machineEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT' && !/^npm_/i.test(k)));
}

function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${JSON.stringify(argv)} in ${cwd}: exit ${code ?? signal}\n${out}`))));
  });
}

/** Source paths with a `*`/`?` in their last part, expanded in their directory. */
async function expand(base: string, src: string): Promise<string[]> {
  const name = posix.basename(src);
  if (!/[*?[]/.test(name)) return [src];
  const dir = posix.dirname(src);
  const re = new RegExp('^' + name.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
  const found = (await readdir(join(base, dir))).filter((n) => re.test(n)).sort();
  if (found.length === 0) throw new Error(`COPY ${src}: no source files were specified`);
  return found.map((n) => posix.join(dir, n));
}

async function copy(ins: Instruction, s: BuiltStage, from: BuiltStage | undefined, o: BuildOptions, vars: Record<string, string>): Promise<void> {
  const parts = (ins.json ?? words(ins.args)).map((w) => substitute(w, vars));
  if (parts.length < 2) throw new Error(`line ${ins.line}: COPY needs a source and a destination`);
  const rawDest = parts.pop()!;
  const sources = (await Promise.all(parts.map((p) => expand(from ? from.root : o.context, from ? posix.resolve('/', p) : posix.normalize(p))))).flat();
  const destIsDir = rawDest.endsWith('/') || rawDest === '.' || sources.length > 1;
  const dest = hostPath(s, rawDest);
  for (const src of sources) {
    const abs = from ? join(from.root, src) : join(o.context, src);
    if (!from) {
      const rel = relative(o.context, abs);
      if (rel.startsWith('..')) throw new Error(`line ${ins.line}: COPY ${src}: outside the build context`);
      if (rel !== '' && isIgnored(o.ignore, rel)) throw new Error(`line ${ins.line}: COPY ${src}: excluded by .dockerignore`);
    }
    const st = await stat(abs);
    // A directory's contents go into the destination; a file goes into it (dir) or becomes it.
    const target = st.isDirectory() || !destIsDir ? dest : join(dest, basename(abs));
    await mkdir(st.isDirectory() ? target : dirname(target), { recursive: true });
    await cp(abs, target, {
      recursive: true,
      verbatimSymlinks: true,
      filter: from ? undefined : (p) => p === abs || !isIgnored(o.ignore, relative(o.context, p)),
    });
  }
}

async function buildStage(stage: Stage, o: BuildOptions, started: Map<Stage, Promise<BuiltStage>>): Promise<BuiltStage> {
  if (findStage(o.dockerfile, stage.from)) throw new Error(`line ${stage.line}: FROM an earlier stage is not supported here`);
  const root = join(o.tmp, `${stage.index}-${stage.name ?? 'stage'}`);
  await mkdir(root, { recursive: true });
  const globals = Object.fromEntries(o.dockerfile.globalArgs.map((a) => argDefault(a.args)));
  const s: BuiltStage = { stage, root, workdir: '/', env: {}, args: {}, expose: [], entrypoint: [], cmd: [], steps: [] };
  let cmdSet = false;
  for (const ins of stage.instructions) {
    let t0 = performance.now();
    let waitMs = 0;
    const vars = { ...s.args, ...s.env };
    o.log?.(`[${stage.name ?? stage.index}] ${ins.keyword} ${ins.args.replace(/\s+/g, ' ').slice(0, 100)}`);
    switch (ins.keyword) {
      case 'WORKDIR':
        s.workdir = posix.resolve(s.workdir, substitute(ins.args, vars));
        await mkdir(hostPath(s, '.'), { recursive: true });
        break;
      case 'ENV':
        for (const [k, v] of envPairs(ins.args)) s.env[k] = substitute(v, { ...s.args, ...s.env });
        break;
      case 'ARG': {
        const [k, v] = argDefault(ins.args);
        s.args[k] = substitute(v, vars) || (globals[k] ?? '');
        break;
      }
      case 'COPY': {
        const ref = ins.flags.from;
        const other = ref === undefined ? undefined : findStage(o.dockerfile, ref);
        if (ref !== undefined && !other) throw new Error(`line ${ins.line}: COPY --from=${ref}: no such stage (images are not available here)`);
        if (other && other.index >= stage.index) throw new Error(`line ${ins.line}: COPY --from=${ref}: a later stage`);
        const fromStage = other ? await started.get(other)! : undefined;
        if (fromStage) {
          waitMs = Math.round(performance.now() - t0);
          t0 = performance.now();
        }
        await copy(ins, s, fromStage, o, vars);
        break;
      }
      case 'RUN': {
        // The shell expands $VARs in RUN (from the environment), not the Dockerfile reader.
        const argv = ins.json ?? ['bash', '-c', ins.args];
        await run(argv, hostPath(s, '.'), { ...machineEnv(), ...s.args, ...s.env });
        break;
      }
      case 'USER':
        s.user = substitute(ins.args, vars);
        break;
      case 'EXPOSE':
        s.expose.push(...words(substitute(ins.args, vars)));
        break;
      case 'HEALTHCHECK':
        if (/^NONE$/i.test(ins.args)) delete s.healthcheck;
        else s.healthcheck = { flags: ins.flags, cmd: ins.json ?? ['/bin/sh', '-c', ins.args.replace(/^CMD\s+/i, '')] };
        break;
      case 'ENTRYPOINT':
        s.entrypoint = execForm(ins, ins.args);
        if (!cmdSet) s.cmd = []; // Docker: ENTRYPOINT resets a CMD not set in this stage
        break;
      case 'CMD':
        s.cmd = execForm(ins, ins.args);
        cmdSet = true;
        break;
      case 'LABEL':
        break;
      default:
        throw new Error(`line ${ins.line}: ${ins.keyword} is not supported by this interpreter`);
    }
    s.steps.push({ line: ins.line, text: `${ins.keyword} ${ins.args}`.slice(0, 80), ms: Math.round(performance.now() - t0), waitMs });
  }
  return s;
}

/** Builds every stage (in parallel where `--from=` allows); the built stages by index. */
export async function buildStages(o: BuildOptions): Promise<BuiltStage[]> {
  const started = new Map<Stage, Promise<BuiltStage>>();
  for (const stage of o.dockerfile.stages) started.set(stage, buildStage(stage, o, started));
  // Settle them all before reporting, so that no stage is still writing when the caller cleans up.
  const settled = await Promise.allSettled(started.values());
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<BuiltStage>).value);
}
