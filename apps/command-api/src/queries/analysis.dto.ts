import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

// Strings checked by pattern, converted by the controller (see dto.ts); a moment is an
// ISO-8601 time or an event-store position, parsed by @acc/analysis (400 INVALID_MOMENT).

const MOMENT = /^(?:\d{1,15}|\d{4}-\d{2}-\d{2}[0-9T:.+\-Z]{0,30})$/;
const MOMENT_MESSAGE = 'a moment is an ISO-8601 time or an event-store position';

export class HistoryQueryDto {
  @ApiPropertyOptional({ description: 'comma-separated event types (at most 20)', example: 'NicknameChanged,LoginMethodBound' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Za-z0-9]{0,63}(?:,[A-Z][A-Za-z0-9]{0,63}){0,19}$/, { message: 'types must be up to 20 comma-separated event type names' })
  types?: string;

  @ApiPropertyOptional({ description: 'events at or after this moment: an ISO-8601 time or an event-store position', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @Matches(MOMENT, { message: MOMENT_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'events at or before this moment: an ISO-8601 time or an event-store position', example: '1042' })
  @IsOptional()
  @IsString()
  @Matches(MOMENT, { message: MOMENT_MESSAGE })
  to?: string;

  @ApiPropertyOptional({ description: 'oldest first (default) or newest first', enum: ['oldest', 'newest'] })
  @IsOptional()
  @IsIn(['oldest', 'newest'])
  order?: 'oldest' | 'newest';

  @ApiPropertyOptional({ description: 'page size, 1-500 (default 50)', example: '50' })
  @IsOptional()
  @IsString()
  @Matches(/^(?:[1-9]\d{0,1}|[1-4]\d\d|500)$/, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page, read in the same order (opaque)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'masked (default), or plain: needs the scope personal-data:read and a reason; the read is recorded', enum: ['masked', 'plain'] })
  @IsOptional()
  @IsIn(['masked', 'plain'])
  personalData?: 'masked' | 'plain';

  @ApiPropertyOptional({ description: 'why personal data is read in plain text (or the X-Access-Reason header), at most 500 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class StateQueryDto {
  @ApiProperty({ description: 'the moment: an ISO-8601 time or an event-store position', example: '2026-01-01T12:00:00Z' })
  @IsString()
  @Matches(MOMENT, { message: MOMENT_MESSAGE })
  asOf!: string;
}

export class ChangesQueryDto {
  @ApiProperty({ description: 'the earlier moment: an ISO-8601 time or an event-store position', example: '2026-01-01T00:00:00Z' })
  @IsString()
  @Matches(MOMENT, { message: MOMENT_MESSAGE })
  from!: string;

  @ApiProperty({ description: 'the later moment: an ISO-8601 time or an event-store position', example: '2026-01-02T00:00:00Z' })
  @IsString()
  @Matches(MOMENT, { message: MOMENT_MESSAGE })
  to!: string;
}
