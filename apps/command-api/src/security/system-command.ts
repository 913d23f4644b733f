import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@acc/application';
import { SYSTEM } from '../tokens';
import type { System } from '../system';

// Security commands on @nestjs/cqrs (MFA, passwords, operation protection): each carries its call into the system's services.

type SystemCall = (system: System, ctx: CommandContext) => Promise<unknown>;

export class SystemCommand {
  constructor(readonly call: SystemCall, readonly ctx: CommandContext) {}
}

@CommandHandler(SystemCommand)
export class SystemCommandHandler implements ICommandHandler<SystemCommand> {
  constructor(@Inject(SYSTEM) private readonly system: System) {}
  execute({ call, ctx }: SystemCommand) {
    return call(this.system, ctx);
  }
}
