import type { AuditedEnv } from '../../audit/audited-action';
import { CliError } from '../../exit-codes';
import type { ReplayOptions } from './replay.command';

export async function replayOrder(_env: AuditedEnv<ReplayOptions>): Promise<never> {
  throw new CliError('--order is not built yet');
}
