import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { ValidationError } from 'class-validator';
import { AccountsController } from './accounts/accounts.controller';
import { LoginMethodsController } from './accounts/login-methods.controller';
import { ProviderNoticesController } from './accounts/provider-notices.controller';
import { DeregistrationController } from './accounts/deregistration.controller';
import { DeregistrationReviewsController } from './accounts/deregistration-reviews.controller';
import { ReviewCasesController } from './accounts/review-cases.controller';
import { RecoveryGrantsController } from './accounts/recovery-grants.controller';
import { PlatformResourcesController } from './accounts/deregistration-platform-resources.controller';
import { RealNameController } from './accounts/real-name.controller';
import { RecoveryController } from './accounts/recovery.controller';
import { LoginApplicationsController } from './accounts/login-applications.controller';
import { RecoveryOwnersController } from './accounts/recovery-owners.controller';
import { MfaController } from './security/mfa.controller';
import { SecuritySettingsController } from './security/security-settings.controller';
import { ContactsController } from './security/contacts.controller';
import { LoginController } from './security/login.controller';
import { SessionsController } from './security/sessions.controller';
import { HealthController } from './health.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationReadModelsController, SubUserApplicationsController } from './organizations/sub-user-applications.controller';
import { ReadModelsController, ReadStatusController } from './queries/read-models.controller';
import { ReadSideLifecycle } from './queries/read-side';
import { TimersController } from './queries/timers.controller';
import { AnalysisController } from './queries/analysis.controller';
import { ApiKeyGuard } from './http/auth.guard';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { bindToMutatingRoutes } from './http/mutating-routes';
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
    const controllers = [HealthController, AccountsController, LoginMethodsController, ProviderNoticesController, RealNameController, MfaController, SecuritySettingsController, ContactsController, LoginController, SessionsController, ReadModelsController, ReadStatusController, TimersController, DeregistrationController, DeregistrationReviewsController, ReviewCasesController, RecoveryGrantsController, PlatformResourcesController, AnalysisController, RecoveryController, RecoveryOwnersController, LoginApplicationsController, OrganizationsController, SubUserApplicationsController, OrganizationReadModelsController];
    // Idempotency-Key concerns mutating requests only: reads run no interceptor at all.
    bindToMutatingRoutes(controllers, IdempotencyInterceptor);
    return {
      module: AppModule,
      controllers,
      providers: [
        { provide: SYSTEM, useValue: system },
        ReadSideLifecycle,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useValue: validationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
