import { Body, Controller, Delete, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OwnedResource } from '@acc/accounts-application';
import { domainError, DomainErrorException } from '@acc/kernel';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { OWNED_RESOURCE_PUT, OWNED_RESOURCE_REMOVED, PutOwnedResourceDto } from './recovery.dto';

const KINDS = ['domain', 'icp_filing', 'public_ip'] as const;
const refuse = (code: string, message: string) => new DomainErrorException(domainError('validation', code, message));

function kindOf(raw: string): OwnedResource['kind'] {
  if (!(KINDS as readonly string[]).includes(raw)) throw refuse('INVALID_RESOURCE_KIND', 'the kind is domain, icp_filing or public_ip');
  return raw as OwnedResource['kind'];
}

/**
 * The embedded default of the owner lookup (REC-1): platform teams record who owns a domain, an
 * ICP filing or a server's public IP. With ACC_RESOURCES_URL set the platform's service is
 * asked instead, and these routes answer 404 `FEATURE_DISABLED`.
 */
@ApiTags('platform resources')
@ApiBearerAuth()
@Controller('v1/recovery/owned-resources/:kind/:value')
export class RecoveryOwnersController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  private store() {
    const store = this.system.platformResources;
    if (!store) throw new DomainErrorException(domainError('not_found', 'FEATURE_DISABLED', 'owners come from the platform’s resource service (ACC_RESOURCES_URL)'));
    return store;
  }

  @Put()
  @RequireScope('admin')
  @Returns(OWNED_RESOURCE_PUT)
  @ApiOperation({ summary: 'Record the account that owns a domain, an ICP filing (with its domain) or a public IP (with its server type)' })
  put(@Param('kind') rawKind: string, @Param('value') raw: string, @Body() body: PutOwnedResourceDto) {
    const kind = kindOf(rawKind);
    const value = raw.trim().toLowerCase();
    if (kind === 'public_ip' && !body.server) throw refuse('RECOVERY_PROOF_INCOMPLETE', 'a public IP needs `server` (cvm or lighthouse)');
    const values = kind === 'public_ip' ? [`${body.server}:${value}`] : [value, ...(kind === 'icp_filing' && body.domain ? [body.domain.trim().toLowerCase()] : [])];
    this.store().putOwner(kind, values, body.accountId, this.system.repository.now());
    return { kind, values, accountId: body.accountId };
  }

  @Delete()
  @RequireScope('admin')
  @Returns(OWNED_RESOURCE_REMOVED)
  @ApiOperation({ summary: 'Forget the owner of one value' })
  remove(@Param('kind') rawKind: string, @Param('value') raw: string) {
    const kind = kindOf(rawKind);
    const value = raw.trim().toLowerCase();
    return { kind, value, removed: this.store().removeOwner(kind, value) };
  }
}
