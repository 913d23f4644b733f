import { Body, Controller, Delete, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { domainError, DomainErrorException } from '@acc/kernel';
import { accountId } from '../http/params';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { isResourceId, PutPlatformResourceDto } from './deregistration.dto';
import { PLATFORM_RESOURCE_PUT, PLATFORM_RESOURCE_REMOVED, PLATFORM_RESOURCES } from './deregistration.responses';

function resourceId(raw: string): string {
  if (!isResourceId(raw)) throw new DomainErrorException(domainError('validation', 'INVALID_RESOURCE_ID', 'a resource id is 1-128 letters, digits, `.`, `_`, `:` or `-`'));
  return raw;
}

/**
 * The embedded default of the platform-resources port (DEREG-2): platform teams register and
 * remove an account's resources here. With ACC_RESOURCES_URL set the platform's own service is
 * asked instead, and these routes answer 404 `FEATURE_DISABLED`.
 */
@ApiTags('platform resources')
@ApiBearerAuth()
@Controller('v1/platform-resources/:accountId')
export class PlatformResourcesController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  private store() {
    const store = this.system.platformResources;
    if (!store) throw new DomainErrorException(domainError('not_found', 'FEATURE_DISABLED', 'resources come from the platform’s resource service (ACC_RESOURCES_URL)'));
    return store;
  }

  @Get()
  @RequireScope('admin')
  @Returns(PLATFORM_RESOURCES)
  @ApiOperation({ summary: 'The account’s resources as registered by the platform teams' })
  async list(@Param('accountId') id: string) {
    return { accountId: accountId(id), resources: await this.store().list(accountId(id)) };
  }

  @Put(':resourceId')
  @RequireScope('admin')
  @Returns(PLATFORM_RESOURCE_PUT)
  @ApiOperation({ summary: 'Register (or update) one of the account’s resources' })
  put(@Param('accountId') id: string, @Param('resourceId') rid: string, @Body() body: PutPlatformResourceDto) {
    const resource = this.store().put(accountId(id), { id: resourceId(rid), ...body }, this.system.repository.now());
    return { accountId: id, resource };
  }

  @Delete(':resourceId')
  @RequireScope('admin')
  @Returns(PLATFORM_RESOURCE_REMOVED)
  @ApiOperation({ summary: 'Remove a resource (cleared by its platform)' })
  remove(@Param('accountId') id: string, @Param('resourceId') rid: string) {
    const removed = this.store().remove(accountId(id), resourceId(rid));
    return { accountId: id, resourceId: rid, removed };
  }
}
