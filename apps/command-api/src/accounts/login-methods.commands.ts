import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@acc/application';
import type { LoginMethodType, ProtectionKind } from '@acc/accounts-domain';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { BindEmailDto, BindProviderDto, ConfirmIdentityVerificationDto, SetProtectionDto, StartIdentityVerificationDto } from './dto';

// Commands and queries of login methods (LM), identity verification (SEC-1) and protections.

export class StartIdentityVerificationCommand {
  constructor(readonly accountId: string, readonly input: StartIdentityVerificationDto, readonly ctx: CommandContext) {}
}
export class ConfirmIdentityVerificationCommand {
  constructor(readonly accountId: string, readonly input: ConfirmIdentityVerificationDto, readonly ctx: CommandContext) {}
}
export class BindProviderCommand {
  constructor(readonly accountId: string, readonly input: BindProviderDto, readonly ctx: CommandContext, readonly replace: boolean) {}
}
export class BindEmailCommand {
  constructor(readonly accountId: string, readonly input: BindEmailDto, readonly ctx: CommandContext, readonly replace: boolean) {}
}
export class UnbindLoginMethodCommand {
  constructor(readonly accountId: string, readonly method: LoginMethodType, readonly verificationToken: string, readonly ctx: CommandContext) {}
}
export class UnbindRegistrationMethodCommand {
  constructor(readonly accountId: string, readonly verificationToken: string, readonly ctx: CommandContext) {}
}
export class SetProtectionCommand {
  constructor(readonly accountId: string, readonly protection: ProtectionKind, readonly input: SetProtectionDto, readonly ctx: CommandContext) {}
}
export class GetLoginMethodsQuery {
  constructor(readonly accountId: string) {}
}

abstract class Handler {
  constructor(@Inject(SYSTEM) protected readonly system: System) {}
}

@CommandHandler(StartIdentityVerificationCommand)
export class StartIdentityVerificationHandler extends Handler implements ICommandHandler<StartIdentityVerificationCommand> {
  execute({ accountId, input, ctx }: StartIdentityVerificationCommand) {
    return this.system.identityVerification.start(accountId, input, ctx);
  }
}

@CommandHandler(ConfirmIdentityVerificationCommand)
export class ConfirmIdentityVerificationHandler extends Handler implements ICommandHandler<ConfirmIdentityVerificationCommand> {
  execute({ accountId, input, ctx }: ConfirmIdentityVerificationCommand) {
    return this.system.identityVerification.confirm(accountId, input, ctx);
  }
}

@CommandHandler(BindProviderCommand)
export class BindProviderHandler extends Handler implements ICommandHandler<BindProviderCommand> {
  execute({ accountId, input, ctx, replace }: BindProviderCommand) {
    return this.system.loginMethods.bindProvider(accountId, input, ctx, replace);
  }
}

@CommandHandler(BindEmailCommand)
export class BindEmailHandler extends Handler implements ICommandHandler<BindEmailCommand> {
  execute({ accountId, input, ctx, replace }: BindEmailCommand) {
    return this.system.loginMethods.bindEmail(accountId, input, ctx, replace);
  }
}

@CommandHandler(UnbindLoginMethodCommand)
export class UnbindLoginMethodHandler extends Handler implements ICommandHandler<UnbindLoginMethodCommand> {
  execute({ accountId, method, verificationToken, ctx }: UnbindLoginMethodCommand) {
    return this.system.loginMethods.unbind(accountId, method, verificationToken, ctx);
  }
}

@CommandHandler(UnbindRegistrationMethodCommand)
export class UnbindRegistrationMethodHandler extends Handler implements ICommandHandler<UnbindRegistrationMethodCommand> {
  execute({ accountId, verificationToken, ctx }: UnbindRegistrationMethodCommand) {
    return this.system.loginMethods.unbindRegistrationMethod(accountId, verificationToken, ctx);
  }
}

@CommandHandler(SetProtectionCommand)
export class SetProtectionHandler extends Handler implements ICommandHandler<SetProtectionCommand> {
  execute({ accountId, protection, input, ctx }: SetProtectionCommand) {
    return this.system.loginMethods.setProtection(accountId, { protection, ...input }, ctx);
  }
}

@QueryHandler(GetLoginMethodsQuery)
export class GetLoginMethodsHandler extends Handler implements IQueryHandler<GetLoginMethodsQuery> {
  execute({ accountId }: GetLoginMethodsQuery) {
    return this.system.loginMethods.view(accountId);
  }
}

export const LOGIN_METHOD_HANDLERS = [
  StartIdentityVerificationHandler,
  ConfirmIdentityVerificationHandler,
  BindProviderHandler,
  BindEmailHandler,
  UnbindLoginMethodHandler,
  UnbindRegistrationMethodHandler,
  SetProtectionHandler,
  GetLoginMethodsHandler,
];
