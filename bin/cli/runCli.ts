import { parseArgs } from 'node:util';
import { EXIT_INPUT_ERRORS, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './CliCommand';
import { bedCommand } from './bedCommand';
import { dvhCommand } from './dvhCommand';
import { inspectCommand } from './inspectCommand';
import { ntcpCommand } from './ntcpCommand';
import { planCommand } from './planCommand';

const COMMANDS: readonly CliCommand[] = [inspectCommand, dvhCommand, planCommand, bedCommand, ntcpCommand];

function helpText(): string {
  const lines = ['Usage: sbrt-helper <command> [options]   (add --json for machine-readable output)', '', 'Commands:'];
  for (const command of COMMANDS) lines.push(`  ${command.name.padEnd(9)} ${command.summary}`, `            ${command.usage}`);
  return `${lines.join('\n')}\n`;
}

/** Entry of the command-line tool: parses argv, runs the command, returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`sbrt-helper: unknown command '${name}'\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals,
      strict: true,
    });
    if (parsed.values.help) {
      io.stdout.write(`${command.summary}\nUsage: sbrt-helper ${command.usage}\n`);
      return 0;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`sbrt-helper ${name}: ${(error as Error).message}\nUsage: sbrt-helper ${command.usage}\n`);
      return EXIT_USAGE;
    }
    // Core preconditions (InputError) and anything unexpected: say what failed, never a bare stack.
    io.stderr.write(`sbrt-helper ${name}: ${(error as Error).message ?? String(error)}\n`);
    return EXIT_INPUT_ERRORS;
  }
}
