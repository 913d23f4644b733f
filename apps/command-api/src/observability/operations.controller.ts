import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/auth.guard';
import { problem, ProblemResponse } from '../http/problem-details';
import { RequireScope } from '../http/scopes';
import type { Observability } from './observe-system';

export const OBSERVABILITY = Symbol('OBSERVABILITY');

/**
 * Operators' routes beside `/health` (liveness), outside the API document: readiness for load
 * balancers and orchestrators, and the Prometheus series for a scraper holding `metrics:read`.
 */
@ApiExcludeController()
@Controller()
export class OperationsController {
  constructor(@Inject(OBSERVABILITY) private readonly observability: Observability) {}

  /** 200 when every check is up; 503 problem details (code NOT_READY) naming the checks otherwise. */
  @Public()
  @Get('health/ready')
  async ready() {
    const { ready, checks } = await this.observability.readiness.check();
    if (ready) return { status: 'ready', checks };
    const down = Object.entries(checks)
      .filter(([, check]) => check.status === 'down')
      .map(([name, check]) => `${name}: ${check.detail ?? 'down'}`);
    throw new ProblemResponse(problem(503, 'NOT_READY', `not ready: ${down.join('; ')}`, { checks }));
  }

  @RequireScope('metrics:read')
  @Get('metrics')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.observability.metrics.scrape();
    reply.header('content-type', contentType);
    return body;
  }
}
