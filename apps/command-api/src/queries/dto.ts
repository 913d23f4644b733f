import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';

// Query strings arrive as strings and are not coerced (the global ValidationPipe): every
// parameter is a string checked by pattern, converted by the controller. A repeated
// parameter arrives as an array and is refused.

export const MAX_WAIT_MS = 5000;

/** Read-your-writes on any read endpoint. */
export class ConsistencyQueryDto {
  @ApiPropertyOptional({
    description: 'wait until the read model has handled this event-store position (the `position` a command returned); 503 READ_MODEL_BEHIND if it has not within waitMs',
    example: '1042',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,15}$/, { message: 'waitForPosition must be a non-negative integer' })
  waitForPosition?: string;

  @ApiPropertyOptional({ description: `how long to wait for waitForPosition, 0-${MAX_WAIT_MS} ms (default ${MAX_WAIT_MS})`, example: '2000' })
  @IsOptional()
  @IsString()
  @Matches(/^(?:[0-4]?\d{1,3}|5000)$/, { message: `waitMs must be an integer from 0 to ${MAX_WAIT_MS}` })
  waitMs?: string;
}

export class AuditLogQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'events recorded at or after this time (ISO-8601)', example: '2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ description: 'events recorded before this time (ISO-8601)', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;

  @ApiPropertyOptional({ description: 'comma-separated event types (at most 20)', example: 'NicknameChanged,IndustryChanged' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Za-z0-9]{0,63}(?:,[A-Z][A-Za-z0-9]{0,63}){0,19}$/, { message: 'types must be up to 20 comma-separated event type names' })
  types?: string;

  @ApiPropertyOptional({ description: 'page size, 1-200 (default 50)', example: '50' })
  @IsOptional()
  @IsString()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,15}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], description: 'oldest first or newest first (default desc)' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
