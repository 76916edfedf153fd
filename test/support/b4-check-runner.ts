/**
 * `kvetch b4-check` as a program of its own, for tests that run it as b4 runs a check command
 * (a child process, one message on stdin). argv[2]: optional --tree path.
 */
import { b4CheckCommand } from '../../src/cli/commands/b4-check.js';

const tree = process.argv[2];
process.exitCode = await b4CheckCommand(process.stdin, process.stdout, tree ? { tree } : {});
