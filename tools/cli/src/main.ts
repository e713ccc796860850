import 'reflect-metadata';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes';
import { buildProgram } from './program';

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exitCode 0; everything else is a usage error.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    throw error;
  }
}

void main();
