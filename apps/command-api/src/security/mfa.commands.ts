import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@acc/application';
import { SYSTEM } from '../tokens';
import type { System } from '../system';

// MFA commands (SEC-2, SEC-3) on @nestjs/cqrs: each carries the call to make on the MFA service.

type MfaCall = (system: System, ctx: CommandContext) => Promise<unknown>;

export class MfaCommand {
  constructor(readonly call: MfaCall, readonly ctx: CommandContext) {}
}

@CommandHandler(MfaCommand)
export class MfaCommandHandler implements ICommandHandler<MfaCommand> {
  constructor(@Inject(SYSTEM) private readonly system: System) {}
  execute({ call, ctx }: MfaCommand) {
    return call(this.system, ctx);
  }
}
