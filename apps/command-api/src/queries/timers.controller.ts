import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { RequireScope } from '../http/scopes';
import { dateTime, int, nullable, object, Returns, str } from '../http/openapi-responses';

const PENDING_TIMERS = object(
  {
    position: nullable(int({ minimum: 0, description: 'the event-store position the scheduler has reached (null: nothing read yet, or no timers are declared)' })),
    timers: {
      type: 'array',
      description: 'earliest first, at most 1000',
      items: object({ id: str(), definition: str({ description: 'the kind of timer' }), streamId: str({ description: 'the stream that owns the timer' }), dueAt: dateTime }),
    },
  },
  {},
  'PendingTimers',
);

/** Operations: the durable scheduler's timers not fired yet (docs/adr/0010). */
@ApiTags('timers')
@ApiBearerAuth()
@Controller('v1/timers')
export class TimersController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Get()
  @RequireScope('audit:read')
  @Returns(PENDING_TIMERS)
  @ApiOperation({ summary: 'Pending timers of the durable scheduler: id, kind, owning stream and due time, earliest first (X-5)' })
  async list() {
    const timers = await this.system.scheduler.pending({ limit: 1000 });
    return { position: this.system.scheduler.status().position ?? null, timers };
  }
}
