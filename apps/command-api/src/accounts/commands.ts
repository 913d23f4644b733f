import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@acc/application';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { ChangeIndustryDto, ChangeNicknameDto, CompleteRegistrationDto, RegisterByEmailDto, RegisterByProviderDto, RequestCodeDto } from './dto';

// Commands and queries of the accounts context, dispatched through @nestjs/cqrs buses.

export class RequestVerificationCodeCommand {
  constructor(readonly input: RequestCodeDto, readonly ctx: CommandContext) {}
}
export class RegisterByEmailCommand {
  constructor(readonly input: RegisterByEmailDto, readonly ctx: CommandContext) {}
}
export class RegisterByProviderCommand {
  constructor(readonly input: RegisterByProviderDto, readonly ctx: CommandContext) {}
}
export class CompleteRegistrationCommand {
  constructor(readonly accountId: string, readonly input: CompleteRegistrationDto, readonly ctx: CommandContext) {}
}
export class ChangeNicknameCommand {
  constructor(readonly accountId: string, readonly input: ChangeNicknameDto, readonly ctx: CommandContext) {}
}
export class ChangeIndustryCommand {
  constructor(readonly accountId: string, readonly input: ChangeIndustryDto, readonly ctx: CommandContext) {}
}
export class GetAccountQuery {
  constructor(readonly accountId: string) {}
}

abstract class AccountsHandler {
  constructor(@Inject(SYSTEM) protected readonly system: System) {}
  protected get accounts() {
    return this.system.accounts;
  }
}

@CommandHandler(RequestVerificationCodeCommand)
export class RequestVerificationCodeHandler extends AccountsHandler implements ICommandHandler<RequestVerificationCodeCommand> {
  execute({ input, ctx }: RequestVerificationCodeCommand) {
    return this.accounts.requestCode(input, ctx);
  }
}

@CommandHandler(RegisterByEmailCommand)
export class RegisterByEmailHandler extends AccountsHandler implements ICommandHandler<RegisterByEmailCommand> {
  execute({ input, ctx }: RegisterByEmailCommand) {
    return this.accounts.registerByEmail(input, ctx);
  }
}

@CommandHandler(RegisterByProviderCommand)
export class RegisterByProviderHandler extends AccountsHandler implements ICommandHandler<RegisterByProviderCommand> {
  execute({ input, ctx }: RegisterByProviderCommand) {
    return this.accounts.registerByProvider(input, ctx);
  }
}

@CommandHandler(CompleteRegistrationCommand)
export class CompleteRegistrationHandler extends AccountsHandler implements ICommandHandler<CompleteRegistrationCommand> {
  execute({ accountId, input, ctx }: CompleteRegistrationCommand) {
    return this.accounts.completeRegistration(accountId, input, ctx);
  }
}

@CommandHandler(ChangeNicknameCommand)
export class ChangeNicknameHandler extends AccountsHandler implements ICommandHandler<ChangeNicknameCommand> {
  execute({ accountId, input, ctx }: ChangeNicknameCommand) {
    return this.accounts.changeNickname(accountId, input.nickname, ctx);
  }
}

@CommandHandler(ChangeIndustryCommand)
export class ChangeIndustryHandler extends AccountsHandler implements ICommandHandler<ChangeIndustryCommand> {
  execute({ accountId, input, ctx }: ChangeIndustryCommand) {
    return this.accounts.changeIndustry(accountId, input.industry, ctx);
  }
}

@QueryHandler(GetAccountQuery)
export class GetAccountHandler extends AccountsHandler implements IQueryHandler<GetAccountQuery> {
  execute({ accountId }: GetAccountQuery) {
    return this.accounts.getAccount(accountId);
  }
}

export const ACCOUNT_HANDLERS = [
  RequestVerificationCodeHandler,
  RegisterByEmailHandler,
  RegisterByProviderHandler,
  CompleteRegistrationHandler,
  ChangeNicknameHandler,
  ChangeIndustryHandler,
  GetAccountHandler,
];
