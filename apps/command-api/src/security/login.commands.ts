import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@acc/application';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import type { AnswerLoginChallengeDto, PasswordLoginDto, ProviderLoginDto, SendLoginCodeDto } from './login.dto';

// Login commands (SEC-10, SEC-4, SEC-7) on @nestjs/cqrs.

export class PasswordLoginCommand {
  constructor(readonly input: PasswordLoginDto, readonly ctx: CommandContext) {}
}
export class ProviderLoginCommand {
  constructor(readonly input: ProviderLoginDto, readonly ctx: CommandContext) {}
}
export class AnswerLoginChallengeCommand {
  constructor(readonly challengeId: string, readonly input: AnswerLoginChallengeDto, readonly ctx: CommandContext) {}
}
export class SendLoginCodeCommand {
  constructor(readonly challengeId: string, readonly input: SendLoginCodeDto, readonly ctx: CommandContext) {}
}

abstract class Handler {
  constructor(@Inject(SYSTEM) protected readonly system: System) {}
}

@CommandHandler(PasswordLoginCommand)
export class PasswordLoginHandler extends Handler implements ICommandHandler<PasswordLoginCommand> {
  execute({ input, ctx }: PasswordLoginCommand) {
    return this.system.logins.loginWithPassword(input, ctx);
  }
}

@CommandHandler(ProviderLoginCommand)
export class ProviderLoginHandler extends Handler implements ICommandHandler<ProviderLoginCommand> {
  execute({ input, ctx }: ProviderLoginCommand) {
    return this.system.logins.loginWithProvider(input, ctx);
  }
}

@CommandHandler(AnswerLoginChallengeCommand)
export class AnswerLoginChallengeHandler extends Handler implements ICommandHandler<AnswerLoginChallengeCommand> {
  execute({ challengeId, input, ctx }: AnswerLoginChallengeCommand) {
    return this.system.logins.answer(challengeId, input, ctx);
  }
}

@CommandHandler(SendLoginCodeCommand)
export class SendLoginCodeHandler extends Handler implements ICommandHandler<SendLoginCodeCommand> {
  execute({ challengeId, input, ctx }: SendLoginCodeCommand) {
    return this.system.logins.sendChallengeCode(challengeId, input, ctx);
  }
}

export const LOGIN_HANDLERS = [PasswordLoginHandler, ProviderLoginHandler, AnswerLoginChallengeHandler, SendLoginCodeHandler];
