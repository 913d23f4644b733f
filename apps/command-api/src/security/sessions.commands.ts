import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@acc/application';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { SessionPolicyDto } from './login.dto';

// Session commands and queries (SEC-8, SEC-9) on @nestjs/cqrs.

export class ValidateSessionCommand {
  constructor(readonly sessionToken: string, readonly ctx: CommandContext) {}
}
export class LogoutSessionCommand {
  constructor(readonly sessionToken: string, readonly ctx: CommandContext) {}
}
export class LogOutAllSessionsCommand {
  constructor(readonly accountId: string, readonly verificationToken: string, readonly ctx: CommandContext) {}
}
export class SetSessionPolicyCommand {
  constructor(readonly accountId: string, readonly input: SessionPolicyDto, readonly ctx: CommandContext) {}
}
export class ListSessionsQuery {
  constructor(readonly accountId: string) {}
}

abstract class Handler {
  constructor(@Inject(SYSTEM) protected readonly system: System) {}
}

@CommandHandler(ValidateSessionCommand)
export class ValidateSessionHandler extends Handler implements ICommandHandler<ValidateSessionCommand> {
  execute({ sessionToken, ctx }: ValidateSessionCommand) {
    return this.system.sessions.validate(sessionToken, ctx);
  }
}

@CommandHandler(LogoutSessionCommand)
export class LogoutSessionHandler extends Handler implements ICommandHandler<LogoutSessionCommand> {
  execute({ sessionToken, ctx }: LogoutSessionCommand) {
    return this.system.sessions.logout(sessionToken, ctx);
  }
}

@CommandHandler(LogOutAllSessionsCommand)
export class LogOutAllSessionsHandler extends Handler implements ICommandHandler<LogOutAllSessionsCommand> {
  execute({ accountId, verificationToken, ctx }: LogOutAllSessionsCommand) {
    return this.system.sessions.logOutAll(accountId, verificationToken, ctx);
  }
}

@CommandHandler(SetSessionPolicyCommand)
export class SetSessionPolicyHandler extends Handler implements ICommandHandler<SetSessionPolicyCommand> {
  execute({ accountId, input, ctx }: SetSessionPolicyCommand) {
    return this.system.sessions.setPolicy(accountId, input, ctx);
  }
}

@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler extends Handler implements IQueryHandler<ListSessionsQuery> {
  execute({ accountId }: ListSessionsQuery) {
    return this.system.sessions.list(accountId);
  }
}

export const SESSION_HANDLERS = [ValidateSessionHandler, LogoutSessionHandler, LogOutAllSessionsHandler, SetSessionPolicyHandler, ListSessionsHandler];
