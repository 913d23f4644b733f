import { type DynamicModule, Module } from '@nestjs/common';
import { AppModule } from '../app.module';
import type { System } from '../system';
import { OBSERVABILITY, OperationsController } from './operations.controller';
import type { Observability } from './observe-system';

/** The app module with the operators' routes (readiness, metrics) over the system's observability. */
@Module({})
export class ObservedAppModule {
  static forSystem(system: System, observability: Observability): DynamicModule {
    return {
      module: ObservedAppModule,
      imports: [AppModule.forSystem(system)],
      controllers: [OperationsController],
      providers: [{ provide: OBSERVABILITY, useValue: observability }],
    };
  }
}
