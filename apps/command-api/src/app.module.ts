import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { ValidationError } from 'class-validator';
import { AccountsController } from './accounts/accounts.controller';
import { ACCOUNT_HANDLERS } from './accounts/commands';
import { LoginMethodsController } from './accounts/login-methods.controller';
import { LOGIN_METHOD_HANDLERS } from './accounts/login-methods.commands';
import { SystemCommandHandler } from './security/system-command';
import { MfaController } from './security/mfa.controller';
import { SecuritySettingsController } from './security/security-settings.controller';
import { ContactsController } from './security/contacts.controller';
import { LoginController } from './security/login.controller';
import { LOGIN_HANDLERS } from './security/login.commands';
import { SessionsController } from './security/sessions.controller';
import { SESSION_HANDLERS } from './security/sessions.commands';
import { HealthController } from './health.controller';
import { READ_MODEL_HANDLERS } from './queries/queries';
import { ReadModelsController, ReadStatusController } from './queries/read-models.controller';
import { ReadSideLifecycle } from './queries/read-side';
import { ApiKeyGuard } from './http/auth.guard';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { type FieldError, ValidationProblem } from './http/problem-details';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import type { System } from './system';
import { SYSTEM } from './tokens';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, constraints: Object.keys(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Strict input: unknown fields are refused, types are not coerced, every DTO rule applies. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
});

@Module({})
export class AppModule {
  static forSystem(system: System): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController, AccountsController, LoginMethodsController, MfaController, SecuritySettingsController, ContactsController, LoginController, SessionsController, ReadModelsController, ReadStatusController],
      providers: [
        { provide: SYSTEM, useValue: system },
        ...ACCOUNT_HANDLERS,
        ...LOGIN_METHOD_HANDLERS,
        ...LOGIN_HANDLERS,
        ...SESSION_HANDLERS,
        SystemCommandHandler,
        ...READ_MODEL_HANDLERS,
        ReadSideLifecycle,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_PIPE, useValue: validationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
